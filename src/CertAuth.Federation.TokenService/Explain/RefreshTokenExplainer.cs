using System.Globalization;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Revocation;

namespace CertAuth.Federation.TokenService.Explain;

/// <summary>
/// Explains whether a stored refresh token would still be redeemed (issue 15), with the refresh grant's own checks in
/// its order: the client (<see cref="ClientAuthenticator.CheckKnown"/>, refresh_token allowed), the token's state
/// (<see cref="RefreshTokenGrant.CheckTokenState"/>: revoked, family revoked on reuse, expired), the user
/// (<see cref="UserSessionRules"/>: enabled, sessions not revoked after the sign-in) and the sign-in certificate on the
/// token service's own CA list (<see cref="RefreshTokenGrant.CheckCertificateAsync"/>). Reads only: nothing is
/// redeemed, rotated or revoked, and the token value is never known (the store keeps only its hash).
/// </summary>
public sealed class RefreshTokenExplainer
{
    private readonly Domain.IRefreshTokenRepository _refreshTokens;
    private readonly Domain.IOAuthClientRepository _clients;
    private readonly Domain.ITokenServiceUserRepository _users;
    private readonly UserSessionRules _sessions;
    private readonly CertificateRevocationPolicy _revocation;
    private readonly ICrlCache _crlCache;
    private readonly TimeProvider _timeProvider;

    internal RefreshTokenExplainer(
        Domain.IRefreshTokenRepository refreshTokens,
        Domain.IOAuthClientRepository clients,
        Domain.ITokenServiceUserRepository users,
        UserSessionRules sessions,
        CertificateRevocationPolicy revocation,
        ICrlCache crlCache,
        TimeProvider timeProvider)
    {
        _refreshTokens = refreshTokens;
        _clients = clients;
        _users = users;
        _sessions = sessions;
        _revocation = revocation;
        _crlCache = crlCache;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Explains the refresh token with record id <paramref name="tokenIdOrUpn"/> (digits), or every live refresh token
    /// of the user with that UPN (the newest token of each family; when none is live, the user's newest token). Empty
    /// when nothing matches.
    /// </summary>
    public async Task<IReadOnlyList<RefreshTokenExplanation>> ExplainAsync(string tokenIdOrUpn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenIdOrUpn);
        var key = tokenIdOrUpn.Trim();
        List<RefreshToken> tokens;
        if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            tokens = await _refreshTokens.FindByIdAsync(id, cancellationToken) is { } found ? [found] : [];
        }
        else
        {
            var all = await _refreshTokens.ListByUpnAsync(key.ToLowerInvariant(), cancellationToken);
            tokens = [.. all.Where(t => t.UsedAt is null).OrderByDescending(t => t.IssuedAt).ThenByDescending(t => t.Id)];
            if (tokens.Count == 0 && all.Count > 0)
            {
                tokens = [all.OrderByDescending(t => t.IssuedAt).ThenByDescending(t => t.Id).First()];
            }
        }

        var explanations = new List<RefreshTokenExplanation>(tokens.Count);
        foreach (var token in tokens)
        {
            explanations.Add(await ExplainAsync(token, cancellationToken));
        }

        return explanations;
    }

    private async Task<RefreshTokenExplanation> ExplainAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        // The grant's rules see the domain type, as at the token endpoint (the repository reads by id or UPN).
        var now = _timeProvider.GetUtcNow();
        var checks = new List<RefreshCheckExplanation>();
        TokenError? first = null;

        // As the token endpoint: the client authenticates before the grant runs.
        var client = await _clients.FindAsync(token.ClientId, cancellationToken);
        var clientError = ClientAuthenticator.CheckKnown(client) ?? GrantAllowed(client!);
        Record(checks, ref first, "client", clientError, $"Client '{token.ClientId}' is known, enabled and may use refresh_token.");

        var stateError = RefreshTokenGrant.CheckTokenState(token, now);
        var stateDetail = stateError?.Code switch
        {
            TokenErrorCode.RefreshTokenRevoked => $"Revoked at {token.RevokedAt:u} ({token.RevocationReason ?? "no reason recorded"}).",
            TokenErrorCode.RefreshTokenReused => $"Already redeemed at {token.UsedAt:u}: presenting it again revokes the whole family '{token.FamilyId}'.",
            TokenErrorCode.RefreshTokenExpired => $"Past its maximum lifetime ({token.AbsoluteExpiresAt:u}).",
            TokenErrorCode.RefreshTokenInactive => $"Expired for inactivity at {token.ExpiresAt:u}.",
            _ => null,
        };
        Record(checks, ref first, "token", stateError is null ? null : stateError with { Detail = stateDetail ?? stateError.Detail },
            $"Not revoked, not used, valid until {token.ExpiresAt:u} (at most {token.AbsoluteExpiresAt:u}).");

        var user = token.TokenServiceUserId is { } userId ? await _users.FindAsync(userId, cancellationToken) : null;
        TokenError? userError = null;
        if (await _sessions.CheckActiveAsync(token.TokenServiceUserId, token.AuthTime, cancellationToken) is UserSessionResult.Refused { Error: var sessionError })
        {
            userError = sessionError.Code == TokenErrorCode.SessionsRevoked && user?.StsRefreshTokensValidFrom is { } validFrom
                ? sessionError with { Detail = $"Signed in at {token.AuthTime:u}, before the user's StsRefreshTokensValidFrom {validFrom:u}: sessions were revoked." }
                : sessionError;
        }

        Record(checks, ref first, "user", userError, $"User '{token.Upn}' is enabled; sessions valid from {(user?.StsRefreshTokensValidFrom is { } from ? from.ToString("u", CultureInfo.InvariantCulture) : "any time")}.");

        var decision = await RefreshTokenGrant.CheckCertificateAsync(_revocation, token, cancellationToken);
        var revocation = decision.Checks.Select(c => Describe(c.Authority.Id, c.Result, now)).ToList();
        var certificateError = decision.Error;
        if (certificateError is { Code: TokenErrorCode.CertificateRevoked } && revocation.FirstOrDefault(r => r.Status == nameof(RevocationStatus.Revoked)) is { } revoked)
        {
            certificateError = certificateError with
            {
                Detail = $"Serial {token.CertificateSerialNumber} revoked at {revoked.RevokedAt:u} on CRL number {revoked.CrlNumber ?? "-"} of CA '{revoked.AuthorityId}' (the token service's CA list), after the sign-in at {token.AuthTime:u}.",
            };
        }

        Record(checks, ref first, "certificate", certificateError, revocation.Count == 0
            ? "Checked."
            : string.Join("; ", revocation.Select(r => $"CA '{r.AuthorityId}': {r.Status} on CRL number {r.CrlNumber ?? "-"}")) + ".");

        return new RefreshTokenExplanation
        {
            TokenId = token.Id,
            FamilyId = token.FamilyId,
            Upn = token.Upn,
            ClientId = token.ClientId,
            Scopes = token.Scopes,
            AuthTime = token.AuthTime,
            IssuedAt = token.IssuedAt,
            ExpiresAt = token.ExpiresAt,
            AbsoluteExpiresAt = token.AbsoluteExpiresAt,
            UsedAt = token.UsedAt,
            RevokedAt = token.RevokedAt,
            RevocationReason = token.RevocationReason,
            CertificateSerialNumber = token.CertificateSerialNumber,
            CertificateIssuer = token.CertificateIssuer,
            SessionsValidFrom = user?.StsRefreshTokensValidFrom,
            Checks = checks,
            Revocation = revocation,
            WouldRefresh = first is null,
            ErrorCode = first?.DisplayCode,
            OAuthError = first?.OAuthError,
            Detail = first?.Detail,
            At = now,
        };
    }

    private static TokenError? GrantAllowed(Domain.OAuthClient client) => ClientAuthenticator.CheckGrantAllowed(client, GrantTypes.RefreshToken);

    private static void Record(List<RefreshCheckExplanation> checks, ref TokenError? first, string name, TokenError? error, string passDetail)
    {
        checks.Add(error is null
            ? new RefreshCheckExplanation(name, RefreshCheckVerdict.Pass, passDetail)
            : new RefreshCheckExplanation(name, RefreshCheckVerdict.Fail, $"{error.DisplayCode}: {error.Detail}"));
        first ??= error;
    }

    private RefreshCrlCheckExplanation Describe(string authorityId, RevocationCheckResult result, DateTimeOffset now)
    {
        var status = _crlCache.GetStatus(authorityId);
        return new RefreshCrlCheckExplanation(
            authorityId,
            result.Status.ToString(),
            status?.CrlNumber?.ToString(CultureInfo.InvariantCulture),
            status?.ThisUpdate,
            status?.ThisUpdate is { } thisUpdate ? (long)(now - thisUpdate).TotalSeconds : null,
            status?.ThisUpdate is null ? null : status.Entries,
            result.RevocationDate,
            result.EffectiveDate,
            result.Failure?.ToString());
    }
}
