namespace CertAuth.Federation.Protocols.Saml;

/// <summary>Authentication context class references (SAML 2.0 Authentication Context §3.4).</summary>
public static class AuthnContextClasses
{
    /// <summary>X.509 public key authentication (certificate sign-in).</summary>
    public const string X509 = "urn:oasis:names:tc:SAML:2.0:ac:classes:X509";

    /// <summary>TLS client authentication.</summary>
    public const string TlsClient = "urn:oasis:names:tc:SAML:2.0:ac:classes:TLSClient";

    /// <summary>Password over a protected transport.</summary>
    public const string PasswordProtectedTransport = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    /// <summary>Password.</summary>
    public const string Password = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password";

    /// <summary>Unspecified.</summary>
    public const string Unspecified = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified";
}
