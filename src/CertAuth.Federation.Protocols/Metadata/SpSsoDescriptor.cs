using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>Service provider role (Metadata §2.4.4).</summary>
public sealed class SpSsoDescriptor
{
    /// <summary>Whether the SP signs its AuthnRequests.</summary>
    public bool AuthnRequestsSigned { get; set; }

    /// <summary>Whether the SP wants signed assertions.</summary>
    public bool WantAssertionsSigned { get; set; }

    /// <summary>Signing certificates (KeyDescriptor use="signing" or without use).</summary>
    public IList<X509Certificate2> SigningCertificates { get; } = new List<X509Certificate2>();

    /// <summary>Supported NameID formats.</summary>
    public IList<string> NameIdFormats { get; } = new List<string>();

    /// <summary>Assertion consumer service endpoints.</summary>
    public IList<IndexedSamlEndpoint> AssertionConsumerServices { get; } = new List<IndexedSamlEndpoint>();

    /// <summary>SingleLogoutService endpoints (SAML 2.0 Metadata §2.4.2).</summary>
    public IList<SamlEndpoint> SingleLogoutServices { get; } = new List<SamlEndpoint>();
}
