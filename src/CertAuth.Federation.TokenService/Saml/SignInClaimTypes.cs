namespace CertAuth.Federation.TokenService.Saml;

/// <summary>The claim (SAML attribute) types the token service reads, as AD FS names them (docs/reference-facts.md).</summary>
public static class SignInClaimTypes
{
    public const string Upn = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    public const string Email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

    public const string Name = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";

    public const string ImmutableId = "http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID";

    /// <summary>The sign-in certificate's serial number (hex).</summary>
    public const string SerialNumber = "http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber";

    /// <summary>The sign-in certificate's issuer DN.</summary>
    public const string Issuer = "http://schemas.microsoft.com/2012/12/certificatecontext/field/issuer";

    /// <summary>The sign-in certificate's Authority Key Identifier (upper-case hex, as the federation server's CertificateClaimsBuilder writes it).</summary>
    public const string AuthorityKeyIdentifier = "http://schemas.microsoft.com/2012/12/certificatecontext/extension/authoritykeyidentifier";
}
