namespace CertAuth.Federation.Certificates.Claims;

/// <summary>The certificate claim types AD FS emits (docs/reference-facts.md).</summary>
public static class CertificateClaimTypes
{
    private const string Field = "http://schemas.microsoft.com/2012/12/certificatecontext/field/";
    private const string Extension = "http://schemas.microsoft.com/2012/12/certificatecontext/extension/";

    /// <summary>Serial number, upper-case hex as in the certificate.</summary>
    public const string SerialNumber = "http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber";

    /// <summary>Issuer DN string.</summary>
    public const string Issuer = Field + "issuer";

    /// <summary>Issuer name (DN string).</summary>
    public const string IssuerName = Field + "issuername";

    /// <summary>Subject DN string.</summary>
    public const string Subject = Field + "subject";

    /// <summary>Subject name (DN string).</summary>
    public const string SubjectName = Field + "subjectname";

    /// <summary>notBefore, ISO 8601 UTC.</summary>
    public const string NotBefore = Field + "notbefore";

    /// <summary>notAfter, ISO 8601 UTC.</summary>
    public const string NotAfter = Field + "notafter";

    /// <summary>X.509 version (3).</summary>
    public const string X509Version = Field + "x509version";

    /// <summary>Signature algorithm OID.</summary>
    public const string SignatureAlgorithm = Field + "signaturealgorithm";

    /// <summary>Base64 DER of the certificate.</summary>
    public const string RawData = Field + "rawdata";

    /// <summary>One claim per EKU OID.</summary>
    public const string Eku = Extension + "eku";

    /// <summary>Key usage flags.</summary>
    public const string KeyUsage = Extension + "keyusage";

    /// <summary>One claim per SAN entry.</summary>
    public const string San = Extension + "san";

    /// <summary>Subject key identifier (hex).</summary>
    public const string SubjectKeyIdentifier = Extension + "subjectkeyidentifier";

    /// <summary>Authority key identifier (hex key id).</summary>
    public const string AuthorityKeyIdentifier = Extension + "authoritykeyidentifier";

    /// <summary>Certificate template name (AD CS).</summary>
    public const string CertificateTemplateName = Extension + "certificatetemplatename";

    /// <summary>One claim per certificate policy OID.</summary>
    public const string CertificatePolicy = Extension + "certificatepolicy";

    /// <summary>SHA-1 thumbprint (identification only).</summary>
    public const string Thumbprint = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/thumbprint";

    /// <summary>UPN from the SAN.</summary>
    public const string Upn = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
}
