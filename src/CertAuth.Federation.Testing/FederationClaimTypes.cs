using CertAuth.Federation.Certificates.Claims;

namespace CertAuth.Federation.Testing;

/// <summary>The claim types relying parties usually assert on, as they appear in the SAML attributes.</summary>
public static class FederationClaimTypes
{
    /// <summary>The certificate's serial number (upper-case hex).</summary>
    public const string SerialNumber = CertificateClaimTypes.SerialNumber;

    /// <summary>The certificate issuer's distinguished name.</summary>
    public const string Issuer = CertificateClaimTypes.Issuer;

    /// <summary>The certificate subject's distinguished name.</summary>
    public const string Subject = CertificateClaimTypes.Subject;

    /// <summary>The user principal name.</summary>
    public const string Upn = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    /// <summary>The e-mail address.</summary>
    public const string Email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
}
