namespace CertAuth.Federation.TokenService.Explain;

/// <summary>The verdict of one check of an explained refresh.</summary>
public enum RefreshCheckVerdict
{
    /// <summary>The check passed.</summary>
    Pass = 0,

    /// <summary>The check refuses the refresh (the answer is the first such check's, in the grant's order).</summary>
    Fail = 1,

    /// <summary>Not evaluated.</summary>
    Skipped = 2,
}

/// <summary>One check of the refresh grant as the explainer ran it.</summary>
/// <param name="Name">client, token, user, certificate.</param>
/// <param name="Verdict">Pass, fail or skipped.</param>
/// <param name="Detail">What the check found (never the token itself).</param>
public sealed record RefreshCheckExplanation(string Name, RefreshCheckVerdict Verdict, string Detail);

/// <summary>The sign-in certificate's CRL check on the token service's own CA list.</summary>
/// <param name="AuthorityId">The token service's trusted CA chosen by issuer DN and authority key identifier.</param>
/// <param name="Status">Good, Revoked, Unknown or NotChecked.</param>
/// <param name="CrlNumber">The base CRL's number, when it carries one.</param>
/// <param name="ThisUpdate">The base CRL's thisUpdate.</param>
/// <param name="AgeSeconds">Seconds since that thisUpdate.</param>
/// <param name="Entries">Entries on the base CRL.</param>
/// <param name="RevokedAt">Revocation date, when revoked.</param>
/// <param name="EffectiveDate">The thisUpdate of the CRL that lists it (compared with the sign-in time).</param>
/// <param name="Problem">Why the status is unknown or not checked.</param>
public sealed record RefreshCrlCheckExplanation(
    string AuthorityId, string Status, string? CrlNumber, DateTimeOffset? ThisUpdate, long? AgeSeconds, int? Entries,
    DateTimeOffset? RevokedAt, DateTimeOffset? EffectiveDate, string? Problem);

/// <summary>
/// "Would this refresh token still work?" (issue 15): the refresh grant's own checks for one stored refresh token,
/// without redeeming, rotating or revoking anything. Free of CLI and HTTP concerns.
/// </summary>
public sealed record RefreshTokenExplanation
{
    /// <summary>The refresh token record's id (never the token value, which is stored only as a hash).</summary>
    public required long TokenId { get; init; }

    /// <summary>The token family (one sign-in's chain of rotations).</summary>
    public required string FamilyId { get; init; }

    /// <summary>The user.</summary>
    public required string Upn { get; init; }

    /// <summary>The client it was issued to.</summary>
    public required string ClientId { get; init; }

    /// <summary>Granted scopes.</summary>
    public required string Scopes { get; init; }

    /// <summary>The sign-in time of the family.</summary>
    public required DateTimeOffset AuthTime { get; init; }

    /// <summary>When this token was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>Inactivity expiry.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Absolute expiry.</summary>
    public required DateTimeOffset AbsoluteExpiresAt { get; init; }

    /// <summary>When it was redeemed (rotated), if it was.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why it was revoked.</summary>
    public string? RevocationReason { get; init; }

    /// <summary>The sign-in certificate's serial number.</summary>
    public string? CertificateSerialNumber { get; init; }

    /// <summary>The sign-in certificate's issuer.</summary>
    public string? CertificateIssuer { get; init; }

    /// <summary>The user's StsRefreshTokensValidFrom at the token service, if set.</summary>
    public DateTimeOffset? SessionsValidFrom { get; init; }

    /// <summary>The checks in the grant's order.</summary>
    public required IReadOnlyList<RefreshCheckExplanation> Checks { get; init; }

    /// <summary>The CRL answers of the CA(s) chosen for the sign-in certificate.</summary>
    public required IReadOnlyList<RefreshCrlCheckExplanation> Revocation { get; init; }

    /// <summary>True when presenting the token now would yield new tokens.</summary>
    public required bool WouldRefresh { get; init; }

    /// <summary>The refusal's stable code, e.g. CAT… (null when it would refresh).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The RFC 6749 error the client would get.</summary>
    public string? OAuthError { get; init; }

    /// <summary>The refusal's detail.</summary>
    public string? Detail { get; init; }

    /// <summary>When the explanation was made, by the token service's clock.</summary>
    public required DateTimeOffset At { get; init; }
}
