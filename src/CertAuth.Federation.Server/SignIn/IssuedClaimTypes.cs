namespace CertAuth.Federation.Server.SignIn;

/// <summary>Identity claim types issued besides the certificate claim set (the URIs AD FS uses).</summary>
public static class IssuedClaimTypes
{
    public const string Upn = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    public const string Email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

    public const string Name = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";

    /// <summary>The immutable id Azure AD matches federated users on.</summary>
    public const string ImmutableId = "http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID";

    /// <summary>How the user authenticated; AD FS emits the x509 method URI for certificate sign-in.</summary>
    public const string AuthenticationMethodsReferences = "http://schemas.microsoft.com/claims/authnmethodsreferences";

    public const string X509AuthenticationMethod = "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/x509";
}
