using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>
/// One admin-configured certificate authority. Only the public certificate is kept: a certificate that carries a
/// private key is copied without it.
/// </summary>
public sealed class TrustedCertificateAuthority
{
    private readonly X509Certificate2 _certificate = null!;

    /// <summary>Stable identifier (database key, or a short name such as <c>issuing-ca</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Root (trust anchor) or intermediate.</summary>
    public required CertificateAuthorityType AuthorityType { get; init; }

    /// <summary>The CA certificate (public part only).</summary>
    public required X509Certificate2 Certificate
    {
        get => _certificate;
        init => _certificate = value.HasPrivateKey ? X509CertificateLoader.LoadCertificate(value.RawData) : value;
    }

    /// <summary>
    /// URL of the CA's base CRL. Only this admin-configured URL is ever fetched (never a URL read from a certificate).
    /// <see langword="null"/> means certificates issued by this CA are not checked for revocation.
    /// </summary>
    public Uri? CrlDistributionPoint { get; init; }

    /// <summary>URL of the CA's delta CRL, if it publishes one.</summary>
    public Uri? DeltaCrlDistributionPoint { get; init; }

    /// <summary>
    /// Optional issuer DN constraint: when set, certificates issued by this CA must carry exactly this issuer DN
    /// (compared with <see cref="X500DistinguishedName.Name"/>).
    /// </summary>
    public string? TrustedIssuer { get; init; }

    /// <summary>
    /// Optional key identifier constraint (hex): when set, certificates issued by this CA must carry an Authority Key
    /// Identifier equal to it.
    /// </summary>
    public string? TrustedIssuerSki { get; init; }

    /// <summary>
    /// How long past its nextUpdate the last good CRL may still be used when no fresh CRL can be obtained.
    /// <see langword="null"/> (the default) fails closed as soon as the CRL expires.
    /// </summary>
    public TimeSpan? CrlGracePeriod { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({AuthorityType}, {Certificate.Subject})";
}
