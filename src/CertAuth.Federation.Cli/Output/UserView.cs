namespace CertAuth.Federation.Cli.Output;

/// <summary>JSON shape of one user in <c>user list --json</c>.</summary>
internal sealed record UserView(
    string Upn,
    string? Email,
    string? DisplayName,
    string ImmutableId,
    bool Enabled,
    DateTimeOffset? StsRefreshTokensValidFrom,
    string Source);
