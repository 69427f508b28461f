namespace CertAuth.Federation.Protocols.Saml;

/// <summary>NameID format identifiers (SAML 2.0 Core §8.3).</summary>
public static class NameIdFormats
{
    /// <summary>Unspecified.</summary>
    public const string Unspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

    /// <summary>E-mail address.</summary>
    public const string EmailAddress = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    /// <summary>X.509 subject name.</summary>
    public const string X509SubjectName = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName";

    /// <summary>Windows domain qualified name.</summary>
    public const string WindowsDomainQualifiedName = "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName";

    /// <summary>Kerberos principal name.</summary>
    public const string Kerberos = "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos";

    /// <summary>Entity identifier.</summary>
    public const string Entity = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";

    /// <summary>Persistent, opaque identifier.</summary>
    public const string Persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

    /// <summary>Transient, one-time identifier.</summary>
    public const string Transient = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
}
