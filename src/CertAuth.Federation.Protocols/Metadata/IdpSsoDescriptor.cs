using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>Identity provider role (Metadata §2.4.3).</summary>
public sealed class IdpSsoDescriptor
{
    /// <summary>Whether the IdP wants signed AuthnRequests.</summary>
    public bool WantAuthnRequestsSigned { get; set; }

    /// <summary>Signing certificates (KeyDescriptor use="signing" or without use). Several during key rollover.</summary>
    public IList<X509Certificate2> SigningCertificates { get; } = new List<X509Certificate2>();

    /// <summary>Supported NameID formats.</summary>
    public IList<string> NameIdFormats { get; } = new List<string>();

    /// <summary>Single sign-on endpoints.</summary>
    public IList<SamlEndpoint> SingleSignOnServices { get; } = new List<SamlEndpoint>();

    /// <summary>SingleLogoutService endpoints (SAML 2.0 Metadata §2.4.2), written before the NameID formats.</summary>
    public IList<SamlEndpoint> SingleLogoutServices { get; } = new List<SamlEndpoint>();
}
