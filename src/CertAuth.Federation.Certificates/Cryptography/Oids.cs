namespace CertAuth.Federation.Certificates.Cryptography;

/// <summary>Object identifiers used across the library (RFC 5280, RFC 4055, RFC 5758, Microsoft).</summary>
internal static class Oids
{
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string UserPrincipalName = "1.3.6.1.4.1.311.20.2.3";
    public const string SubjectAlternativeName = "2.5.29.17";
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string BasicConstraints = "2.5.29.19";
    public const string KeyUsage = "2.5.29.15";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string CertificatePolicies = "2.5.29.32";
    public const string CrlNumber = "2.5.29.20";
    public const string DeltaCrlIndicator = "2.5.29.27";
    public const string IssuingDistributionPoint = "2.5.29.28";
    public const string ReasonCode = "2.5.29.21";
    public const string InvalidityDate = "2.5.29.24";
    public const string CertificateTemplateName = "1.3.6.1.4.1.311.20.2";
    public const string CertificateTemplateInformation = "1.3.6.1.4.1.311.21.7";

    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string Mgf1 = "1.2.840.113549.1.1.8";

    public const string Md2WithRsa = "1.2.840.113549.1.1.2";
    public const string Md5WithRsa = "1.2.840.113549.1.1.4";
    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string Sha1WithRsaOiw = "1.3.14.3.2.29";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    public const string DsaWithSha1 = "1.2.840.10040.4.3";
}
