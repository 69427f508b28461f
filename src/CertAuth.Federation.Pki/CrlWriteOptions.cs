using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Pki;

/// <summary>
/// What <see cref="CrlWriter.Write(X509Certificate2, IEnumerable{CrlEntry}, CrlWriteOptions)"/> puts in a CRL beyond
/// the entries: the dates, the CRL Number (or none), the Delta CRL Indicator, an Issuing Distribution Point and any
/// further extensions (tests use them to publish the CRLs a real CA could publish, including unusual ones).
/// </summary>
public sealed record CrlWriteOptions
{
    /// <summary>Issue date (the CRL's effective date).</summary>
    public required DateTimeOffset ThisUpdate { get; init; }

    /// <summary>When the next CRL is due.</summary>
    public required DateTimeOffset NextUpdate { get; init; }

    /// <summary>The CRL Number (monotonic per CA, shared by base and delta CRLs); null writes a CRL without one.</summary>
    public BigInteger? CrlNumber { get; init; }

    /// <summary>For a delta CRL, the number of the base CRL it updates (BaseCRLNumber); null for a base CRL.</summary>
    public BigInteger? DeltaBaseCrlNumber { get; init; }

    /// <summary>Signature hash; SHA-256 by default. SHA-1 needs a <see cref="SignatureGenerator"/>.</summary>
    public HashAlgorithmName? HashAlgorithm { get; init; }

    /// <summary>
    /// Makes the signature generator from the CA's private key; the built-in RSA PKCS#1 / ECDSA generators when null.
    /// Tests pass one to produce CRLs the product refuses (SHA-1), which this library never makes itself.
    /// </summary>
    public Func<AsymmetricAlgorithm, X509SignatureGenerator>? SignatureGenerator { get; init; }

    /// <summary>An Issuing Distribution Point extension (RFC 5280 §5.2.5); none when null.</summary>
    public CrlScope? IssuingDistributionPoint { get; init; }

    /// <summary>Further CRL extensions, written as given (e.g. an unknown critical one).</summary>
    public IReadOnlyList<X509Extension> AdditionalExtensions { get; init; } = [];
}

/// <summary>The fields of an Issuing Distribution Point extension to write (RFC 5280 §5.2.5).</summary>
public sealed record CrlScope
{
    /// <summary>distributionPoint fullName as one URI; none when null.</summary>
    public Uri? DistributionPoint { get; init; }

    /// <summary>onlyContainsUserCerts.</summary>
    public bool OnlyContainsUserCerts { get; init; }

    /// <summary>onlyContainsCACerts.</summary>
    public bool OnlyContainsCACerts { get; init; }

    /// <summary>onlySomeReasons: when true, the CRL is said to cover keyCompromise and cACompromise only.</summary>
    public bool OnlySomeReasons { get; init; }

    /// <summary>indirectCRL.</summary>
    public bool IndirectCrl { get; init; }

    /// <summary>onlyContainsAttributeCerts.</summary>
    public bool OnlyContainsAttributeCerts { get; init; }

    /// <summary>The extension's critical flag (RFC 5280: critical). Default true.</summary>
    public bool Critical { get; init; } = true;
}
