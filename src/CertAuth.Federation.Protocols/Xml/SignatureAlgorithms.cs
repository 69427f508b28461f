namespace CertAuth.Federation.Protocols.Xml;

/// <summary>XML Signature algorithm identifiers (XML Signature 1.1 §6, RFC 6931).</summary>
public static class SignatureAlgorithms
{
    /// <summary>RSA PKCS#1 v1.5 with SHA-1 (rejected unless explicitly allowed).</summary>
    public const string RsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";

    /// <summary>RSA PKCS#1 v1.5 with SHA-256 (default).</summary>
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    /// <summary>RSA PKCS#1 v1.5 with SHA-384.</summary>
    public const string RsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";

    /// <summary>RSA PKCS#1 v1.5 with SHA-512.</summary>
    public const string RsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";

    /// <summary>ECDSA with SHA-1 (rejected unless explicitly allowed).</summary>
    public const string EcdsaSha1 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1";

    /// <summary>ECDSA with SHA-256.</summary>
    public const string EcdsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

    /// <summary>ECDSA with SHA-384.</summary>
    public const string EcdsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";

    /// <summary>ECDSA with SHA-512.</summary>
    public const string EcdsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";

    /// <summary>SHA-1 digest (rejected unless explicitly allowed).</summary>
    public const string Sha1Digest = "http://www.w3.org/2000/09/xmldsig#sha1";

    /// <summary>SHA-256 digest.</summary>
    public const string Sha256Digest = "http://www.w3.org/2001/04/xmlenc#sha256";

    /// <summary>SHA-384 digest.</summary>
    public const string Sha384Digest = "http://www.w3.org/2001/04/xmldsig-more#sha384";

    /// <summary>SHA-512 digest.</summary>
    public const string Sha512Digest = "http://www.w3.org/2001/04/xmlenc#sha512";

    /// <summary>Exclusive canonicalization without comments (the only one accepted).</summary>
    public const string ExclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#";

    /// <summary>Enveloped-signature transform.</summary>
    public const string EnvelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
}
