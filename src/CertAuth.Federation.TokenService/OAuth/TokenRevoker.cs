using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Domain;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// RFC 7009 token revocation without HTTP, for an already authenticated client. A refresh token revokes its whole
/// rotation family (every token of the sign-in, so a later redemption of any of them is refused with
/// <c>CAT700086</c>). An access token (a self-contained JWT) cannot be withdrawn on its own: revoking it revokes the
/// sign-in's refresh-token family named by its <c>sid</c> claim (RFC 7009 §2.1 lets related tokens go too), which
/// <c>/oauth2/userinfo</c> and <c>/oauth2/introspect</c> check in the store on every node — so the access token is
/// refused there from then on, without a separate deny-list. A token issued to another client, unknown, malformed or
/// already expired changes nothing and is still answered 200 (§2.2); the caller cannot tell which.
/// </summary>
internal sealed class TokenRevoker(
    IRefreshTokenRepository refreshTokens,
    AccessTokenValidator accessTokens,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<TokenRevoker> logger)
{
    /// <summary>The audit action written for every revocation that revoked something.</summary>
    public const string AuditAction = "token.revoke";

    /// <summary>Revokes what <paramref name="token"/> names, if it belongs to <paramref name="client"/>; true when something was revoked.</summary>
    public async Task<bool> RevokeAsync(OAuthClient client, string token, string? hint, CancellationToken cancellationToken)
    {
        // §2.1: the hint only orders the look-ups; an unknown or wrong hint still finds the token.
        var revoked = hint == "access_token"
            ? await RevokeAccessTokenAsync(client, token, cancellationToken) || await RevokeRefreshTokenAsync(client, token, cancellationToken)
            : await RevokeRefreshTokenAsync(client, token, cancellationToken) || await RevokeAccessTokenAsync(client, token, cancellationToken);
        if (!revoked)
        {
            logger.TokenRevocationNoMatch(client.ClientId);
        }

        return revoked;
    }

    /// <summary>
    /// RP-initiated logout (<c>/oauth2/logout</c>): revokes the sign-in's refresh-token family named by a validated id
    /// token's <c>sid</c>, when that family was issued to <paramref name="client"/>; the number of tokens revoked.
    /// </summary>
    public async Task<int> EndSessionAsync(OAuthClient client, string familyId, CancellationToken cancellationToken)
    {
        if (familyId is not { Length: > 0 and <= 64 }
            || await refreshTokens.FindLatestInFamilyAsync(familyId, cancellationToken) is not { } record
            || !string.Equals(record.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return 0;
        }

        return await RevokeFamilyAsync(client, "end_session", familyId, record.Upn, cancellationToken);
    }

    private async Task<bool> RevokeRefreshTokenAsync(OAuthClient client, string token, CancellationToken cancellationToken)
    {
        if (!OpaqueTokens.IsWellFormed(token)
            || await refreshTokens.FindByHashAsync(OpaqueTokens.Hash(token), cancellationToken) is not { } record
            || !string.Equals(record.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return false;
        }

        await RevokeFamilyAsync(client, "refresh_token", record.FamilyId, record.Upn, cancellationToken);
        return true;
    }

    private async Task<bool> RevokeAccessTokenAsync(OAuthClient client, string token, CancellationToken cancellationToken)
    {
        var claims = await accessTokens.ValidateAsync(token);
        if (claims?.FindFirst("client_id")?.Value is not { } owner
            || !string.Equals(owner, client.ClientId, StringComparison.Ordinal)
            || claims.FindFirst("sid")?.Value is not { Length: > 0 and <= 64 } sid)
        {
            return false;
        }

        await RevokeFamilyAsync(client, "access_token", sid, claims.FindFirst("upn")?.Value ?? "", cancellationToken);
        return true;
    }

    private async Task<int> RevokeFamilyAsync(OAuthClient client, string kind, string familyId, string upn, CancellationToken cancellationToken)
    {
        var count = await refreshTokens.RevokeFamilyAsync(familyId, $"revoked by client {client.ClientId} (RFC 7009, {kind})", clock.GetUtcNow(), cancellationToken);
        logger.TokenRevoked(client.ClientId, kind, familyId, upn, count);
        await audit.WriteAsync("client:" + client.ClientId, AuditAction, "refresh-family:" + familyId, $"kind={kind}; user={upn}; tokens={count}", cancellationToken);
        return count;
    }
}
