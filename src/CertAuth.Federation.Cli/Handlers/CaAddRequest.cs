using CertAuth.Federation.Cli.Certificates;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The inputs of <c>ca add</c>, as typed.</summary>
internal sealed record CaAddRequest(
    string CertificatePath,
    CaKind Kind,
    string? Crl,
    string? DeltaCrl,
    string? Issuer,
    string? IssuerSki,
    string? CrlGrace);
