namespace CertAuth.Federation.Cli.Output;

/// <summary>JSON shape of one CRL (base or delta) of a trusted CA in <c>ca crl-status --json</c>.</summary>
internal sealed record CrlStatusView(
    string CaId,
    string Kind,
    string? Url,
    bool Fetched,
    DateTimeOffset? ThisUpdate,
    DateTimeOffset? NextUpdate,
    string? CrlNumber,
    int? Entries,
    DateTimeOffset? LastFetch,
    string? LastError,
    string Role);
