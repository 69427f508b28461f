using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The inputs of <c>ca add</c>, as typed.</summary>
internal sealed record CaAddRequest(
    string CertificatePath,
    CertificateAuthorityType Kind,
    string? Crl,
    string? DeltaCrl,
    string? Issuer,
    string? IssuerSki,
    string? CrlGrace);
