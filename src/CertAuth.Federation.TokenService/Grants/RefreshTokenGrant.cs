using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Revocation;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// RFC 6749 §6 with rotation (RFC 9700 §4.14.2). Order: known token; bound to this client; not revoked; not used
/// (else the family is revoked); sliding and absolute expiry; the token-service user enabled and sessions not revoked
/// after the sign-in; the sign-in certificate not revoked (docs/reference-facts.md; never skipped: a record without serial or
/// issuer is refused, the CA is chosen by issuer DN and authority key identifier); then an atomic rotation — of two concurrent redemptions one
/// wins, the other is treated as reuse.
/// </summary>
internal sealed class RefreshTokenGrant(
    IRefreshTokenRepository refreshTokens,
    CertificateRevocationPolicy revocation,
    TokenIssuer issuer,
    TimeProvider timeProvider,
    ILogger<RefreshTokenGrant> logger)
{
    public async Task<GrantResult> RedeemAsync(TokenRequest request, OAuthClient client, CancellationToken cancellationToken)
    {
        if (!OpaqueTokens.IsWellFormed(request.RefreshToken))
        {
            return GrantResult.Refuse(TokenErrorCode.InvalidGrant, "The refresh token is malformed or unknown.");
        }

        // The token and its user's session state in one round trip (issue 16): nothing here is cached, so a user disabled
        // or a session revocation committed by any process refuses the very next redemption.
        var (current, owner) = await refreshTokens.FindByHashWithUserAsync(OpaqueTokens.Hash(request.RefreshToken!), cancellationToken);
        if (current is null)
        {
            return GrantResult.Refuse(TokenErrorCode.InvalidGrant, "The refresh token is malformed or unknown.");
        }

        if (!string.Equals(current.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return GrantResult.Refuse(TokenErrorCode.GrantMismatch, "The refresh token was issued to another client.");
        }

        var now = timeProvider.GetUtcNow();
        if (CheckTokenState(current, now) is { } stateError)
        {
            return stateError.Code == TokenErrorCode.RefreshTokenReused
                ? await ReuseAsync(current, now, cancellationToken)
                : stateError;
        }

        if (NarrowScopes(request.Scope, current) is not { } scopes)
        {
            return GrantResult.Refuse(TokenErrorCode.InvalidScope, "The requested scope exceeds the original grant.");
        }

        var session = UserSessionRules.Check(current.TokenServiceUserId is null ? null : owner, current.AuthTime);
        if (session is UserSessionResult.Refused userRefused)
        {
            return userRefused.Error;
        }

        var user = ((UserSessionResult.Active)session).User;
        if ((await CheckCertificateAsync(revocation, current, cancellationToken)).Error is { } rejection)
        {
            return rejection;
        }

        var grant = new TokenGrant
        {
            GrantType = GrantTypes.RefreshToken,
            User = user,
            ClientId = client.ClientId,
            Scopes = scopes,
            AuthTime = current.AuthTime,
            FederationIssuer = current.FederationIssuer,
            FederationNameId = current.FederationNameId,
            FederationNameIdFormat = current.FederationNameIdFormat,
            FederationSessionIndex = current.FederationSessionIndex,
            CertificateSerialNumber = current.CertificateSerialNumber,
            CertificateIssuer = current.CertificateIssuer,
            CertificateAuthorityKeyId = current.CertificateAuthorityKeyId,
        };
        var (token, child) = issuer.NewRefreshToken(grant, current);
        if (!await refreshTokens.TryRotateAsync(current.Id, child, now, cancellationToken))
        {
            return await ReuseAsync(current, now, cancellationToken);
        }

        logger.TokensIssued(grant.GrantType, client.ClientId, user.Upn, child.FamilyId);
        return issuer.CreateResponse(grant, token, child.FamilyId);
    }

    /// <summary>
    /// The token's own state, in the grant's order: revoked; already used (a redemption then revokes the family, code
    /// <see cref="TokenErrorCode.RefreshTokenReused"/>); past its absolute lifetime; expired for inactivity. No side effects.
    /// </summary>
    internal static TokenError? CheckTokenState(RefreshToken current, DateTimeOffset now)
    {
        if (current.RevokedAt is not null)
        {
            return new TokenError(TokenErrorCode.RefreshTokenRevoked, "The refresh token has been revoked.");
        }

        if (current.UsedAt is not null)
        {
            return new TokenError(TokenErrorCode.RefreshTokenReused, "The refresh token was already used; the session is revoked.");
        }

        if (now >= current.AbsoluteExpiresAt)
        {
            return new TokenError(TokenErrorCode.RefreshTokenExpired, "The refresh token reached its maximum lifetime; sign in again.");
        }

        return now >= current.ExpiresAt
            ? new TokenError(TokenErrorCode.RefreshTokenInactive, "The refresh token expired for inactivity.")
            : null;
    }

    /// <summary>
    /// The sign-in certificate, checked again at refresh (never skipped, issue 11: a record without the certificate
    /// facts is refused): the token service's own CA list and CRLs decide. No side effects.
    /// </summary>
    internal static async Task<CertificateRevocationDecision> CheckCertificateAsync(
        CertificateRevocationPolicy revocation, RefreshToken current, CancellationToken cancellationToken)
    {
        if (current.CertificateSerialNumber is not { Length: > 0 } serial || current.CertificateIssuer is not { Length: > 0 } issuerDn)
        {
            return new CertificateRevocationDecision(
                new TokenError(TokenErrorCode.CertificateClaimsMissing, "The refresh token carries no certificate serial number or issuer to check; sign in again."), []);
        }

        return await revocation.DecideAsync(serial, issuerDn, current.CertificateAuthorityKeyId, current.AuthTime, cancellationToken);
    }

    private async Task<TokenError> ReuseAsync(RefreshToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = await refreshTokens.RevokeFamilyAsync(token.FamilyId, "refresh token reused", now, cancellationToken);
        logger.RefreshTokenReuse(token.FamilyId, token.ClientId, token.Upn, count);
        return new TokenError(TokenErrorCode.RefreshTokenReused, "The refresh token was already used; the session is revoked.");
    }

    /// <summary>RFC 6749 §6: a requested scope must not exceed the original grant (null when it does).</summary>
    private static IReadOnlyList<string>? NarrowScopes(string? requested, RefreshToken token)
    {
        var granted = ScopeRules.Split(token.Scopes);
        if (requested is null)
        {
            return granted;
        }

        if (!ScopeRules.TryParse(requested, out var scopes) || !scopes.All(s => granted.Contains(s, StringComparer.Ordinal)))
        {
            return null;
        }

        return scopes;
    }
}
