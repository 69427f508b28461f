namespace CertAuth.Federation.Protocols.Saml;

/// <summary>Attribute name formats (SAML 2.0 Core §8.2).</summary>
public static class AttributeNameFormats
{
    /// <summary>Name is a URI (the form AD FS uses for claim types).</summary>
    public const string Uri = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";

    /// <summary>Name is a simple string.</summary>
    public const string Basic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";

    /// <summary>Unspecified.</summary>
    public const string Unspecified = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";
}
