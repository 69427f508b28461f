using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Pki;

/// <summary>What to put in a user (client) certificate. Defaults: RSA-2048, SHA-256, client-auth EKU.</summary>
public sealed record UserCertificateOptions
{
    /// <summary>The client authentication EKU OID.</summary>
    public const string ClientAuthenticationEku = "1.3.6.1.5.5.7.3.2";

    /// <summary>The server authentication EKU OID.</summary>
    public const string ServerAuthenticationEku = "1.3.6.1.5.5.7.3.1";

    /// <summary>Subject DN, e.g. <c>CN=alice</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Start of validity.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>End of validity.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>SAN otherName UPN (1.3.6.1.4.1.311.20.2.3), if any.</summary>
    public string? Upn { get; init; }

    /// <summary>SAN rfc822Name, if any.</summary>
    public string? Email { get; init; }

    /// <summary>SAN dNSName entries.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>EKU OIDs; <see langword="null"/> omits the EKU extension entirely.</summary>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; init; } = [ClientAuthenticationEku];

    /// <summary>Key algorithm.</summary>
    public PkiKeyAlgorithm KeyAlgorithm { get; init; } = PkiKeyAlgorithm.Rsa;

    /// <summary>RSA key size in bits.</summary>
    public int RsaKeySize { get; init; } = 2048;

    /// <summary>Hash for the issuer's signature. SHA-1 needs a <see cref="SignatureGenerator"/> (this library does not sign with it).</summary>
    public HashAlgorithmName HashAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>
    /// Makes the issuer's signature generator from its private key; the built-in RSA PKCS#1 / ECDSA generators when
    /// null. Tests pass one to produce signatures the product refuses (SHA-1), which this library never makes itself.
    /// </summary>
    public Func<AsymmetricAlgorithm, X509SignatureGenerator>? SignatureGenerator { get; init; }

    /// <summary>Optional CRL distribution point URL written into the certificate (informational; never fetched).</summary>
    public Uri? CrlDistributionPoint { get; init; }

    /// <summary>Explicit big-endian serial bytes; random 16 bytes when null.</summary>
    public byte[]? SerialNumber { get; init; }

    /// <summary>Marks the certificate CA:true (only to test the basic-constraints rule).</summary>
    public bool IsCertificateAuthority { get; init; }

    /// <summary>Extra extensions appended as-is (e.g. a malformed SAN for tests).</summary>
    public IReadOnlyList<X509Extension> AdditionalExtensions { get; init; } = [];
}
