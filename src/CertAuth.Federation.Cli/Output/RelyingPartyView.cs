namespace CertAuth.Federation.Cli.Output;

/// <summary>JSON shape of one relying-party trust in <c>rp list --json</c>.</summary>
internal sealed record RelyingPartyView(
    string EntityId,
    string? DisplayName,
    bool Enabled,
    IReadOnlyList<string> AssertionConsumerServiceUrls,
    string? SigningCertificateSubject,
    string? SigningCertificateSha256,
    DateTimeOffset? SigningCertificateNotAfter,
    bool RequireSignedRequests,
    bool SignResponse,
    string NameIdFormat,
    IReadOnlyList<string> ReleasedClaims,
    int TokenLifetimeMinutes,
    string? Theme,
    string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Protocol,
    string TokenType);
