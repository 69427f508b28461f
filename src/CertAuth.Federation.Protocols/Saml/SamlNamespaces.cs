namespace CertAuth.Federation.Protocols.Saml;

/// <summary>XML namespaces and the prefixes we write them with (SAML 2.0 Core §1.2, Metadata §1.2).</summary>
public static class SamlNamespaces
{
    /// <summary>SAML 2.0 assertion namespace.</summary>
    public const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";

    /// <summary>SAML 2.0 protocol namespace.</summary>
    public const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";

    /// <summary>SAML 2.0 metadata namespace.</summary>
    public const string Metadata = "urn:oasis:names:tc:SAML:2.0:metadata";

    /// <summary>XML Signature namespace.</summary>
    public const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    /// <summary>XML Schema instance namespace.</summary>
    public const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Prefix for <see cref="Assertion"/>.</summary>
    public const string AssertionPrefix = "saml";

    /// <summary>Prefix for <see cref="Protocol"/>.</summary>
    public const string ProtocolPrefix = "samlp";

    /// <summary>Prefix for <see cref="Metadata"/>.</summary>
    public const string MetadataPrefix = "md";

    /// <summary>Prefix for <see cref="XmlDsig"/>.</summary>
    public const string XmlDsigPrefix = "ds";

    /// <summary>The only SAML version this library reads and writes.</summary>
    public const string Version = "2.0";
}
