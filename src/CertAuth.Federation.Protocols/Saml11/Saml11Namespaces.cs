namespace CertAuth.Federation.Protocols.Saml11;

/// <summary>SAML 1.1 names (SAML 1.1 Core §1.2, §2.3.2, §7): the assertion namespace, version and URIs we write.</summary>
public static class Saml11Namespaces
{
    /// <summary>SAML 1.0/1.1 assertion namespace.</summary>
    public const string Assertion = "urn:oasis:names:tc:SAML:1.0:assertion";

    /// <summary>Prefix for <see cref="Assertion"/>.</summary>
    public const string AssertionPrefix = "saml";

    /// <summary>The ID attribute of a SAML 1.1 assertion (the signature's Reference points at it).</summary>
    public const string AssertionIdAttribute = "AssertionID";

    /// <summary>MajorVersion of SAML 1.1.</summary>
    public const string MajorVersion = "1";

    /// <summary>MinorVersion of SAML 1.1.</summary>
    public const string MinorVersion = "1";

    /// <summary>Bearer confirmation method (SAML 1.1 Bindings and Profiles §4.1.1 and §4.1.2).</summary>
    public const string BearerConfirmation = "urn:oasis:names:tc:SAML:1.0:cm:bearer";

    /// <summary>AuthenticationMethod for SSL/TLS certificate-based client authentication (SAML 1.1 Core §7.1): RFC 2246.</summary>
    public const string TlsClientAuthenticationMethod = "urn:ietf:rfc:2246";

    /// <summary>AuthenticationMethod for X.509 public key authentication (SAML 1.1 Core §7.1).</summary>
    public const string X509AuthenticationMethod = "urn:oasis:names:tc:SAML:1.0:am:X509-PKI";

    /// <summary>AuthenticationMethod for a password (SAML 1.1 Core §7.1).</summary>
    public const string PasswordAuthenticationMethod = "urn:oasis:names:tc:SAML:1.0:am:password";

    /// <summary>AuthenticationMethod "unspecified" (SAML 1.1 Core §7.1).</summary>
    public const string UnspecifiedAuthenticationMethod = "urn:oasis:names:tc:SAML:1.0:am:unspecified";
}
