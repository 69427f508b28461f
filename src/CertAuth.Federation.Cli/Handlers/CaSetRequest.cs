namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The inputs of <c>ca set</c>; null leaves a field as it is, a <c>Clear*</c> flag empties it.</summary>
internal sealed record CaSetRequest(
    string Id,
    string? Crl,
    bool ClearCrl,
    string? DeltaCrl,
    bool ClearDeltaCrl,
    string? Issuer,
    string? IssuerSki,
    string? CrlGrace,
    bool ClearCrlGrace);
