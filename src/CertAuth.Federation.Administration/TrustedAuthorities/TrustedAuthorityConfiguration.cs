namespace CertAuth.Federation.Administration.TrustedAuthorities;

/// <summary>
/// A trusted CA as appsettings.json writes it, the one shape both roles' sections use
/// (<c>Federation:TrustedCertificateAuthorities</c>, <c>TokenService:TrustedCertificateAuthorities</c>).
/// Seeding hands it to <see cref="TrustedAuthorityManager"/>, which applies the same rules as the CLI and the admin API.
/// </summary>
public sealed class TrustedAuthorityConfiguration
{
    /// <summary>Path of the CA certificate (.cer, DER or PEM).</summary>
    public string? Certificate { get; set; }

    /// <summary><c>RootAuthority</c> or <c>IntermediateAuthority</c>.</summary>
    public string AuthorityType { get; set; } = "RootAuthority";

    /// <summary>The CA's CRL distribution point (http or https).</summary>
    public string? CrlDistributionPoint { get; set; }

    /// <summary>The CA's delta CRL distribution point (http or https).</summary>
    public string? DeltaCrlDistributionPoint { get; set; }

    /// <summary>Expected subject of the CA certificate (checked).</summary>
    public string? TrustedIssuer { get; set; }

    /// <summary>Expected subject key identifier of the CA certificate, hex (checked).</summary>
    public string? TrustedIssuerSki { get; set; }

    /// <summary>How long past nextUpdate the last good CRL may be used when none can be fetched; unset = fail closed.</summary>
    public TimeSpan? CrlGracePeriod { get; set; }

    /// <summary>The add request for this entry, with the certificate file's bytes.</summary>
    public TrustedAuthorityAddRequest ToAddRequest(byte[] certificate, string certificateSource) => new(
        certificate,
        certificateSource,
        AuthorityType == "IntermediateAuthority" ? Federation.Certificates.Authorities.CertificateAuthorityType.IntermediateAuthority
            : AuthorityType == "RootAuthority" ? Federation.Certificates.Authorities.CertificateAuthorityType.RootAuthority
            : null,
        CrlDistributionPoint,
        DeltaCrlDistributionPoint,
        TrustedIssuer,
        TrustedIssuerSki,
        CrlGracePeriod?.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
}
