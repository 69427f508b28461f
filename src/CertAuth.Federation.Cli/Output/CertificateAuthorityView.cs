namespace CertAuth.Federation.Cli.Output;

/// <summary>JSON shape of one trusted CA in <c>ca list --json</c>.</summary>
internal sealed record CertificateAuthorityView(
    string Id,
    string Type,
    string Subject,
    string Thumbprint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string? CrlDistributionPoint,
    string? DeltaCrlDistributionPoint,
    string? TrustedIssuer,
    string? TrustedIssuerSki,
    string? CertificateSki,
    int? CrlGracePeriodSeconds,
    string Source,
    IReadOnlyList<string> Roles);
