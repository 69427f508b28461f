using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.Revocation;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// RFC 7662 token introspection without HTTP, for an authenticated confidential client. A refresh token is active only
/// when the refresh grant would redeem it now, by the grant's own checks and in its order: issued to the calling client;
/// <see cref="RefreshTokenGrant.CheckTokenState"/> (not revoked, the family's current token — an already rotated one is
/// inactive — not past its sliding or absolute expiry); <see cref="UserSessionRules"/> (user enabled, signed in after
/// <c>StsRefreshTokensValidFrom</c>); <see cref="RefreshTokenGrant.CheckCertificateAsync"/> (the sign-in certificate not
/// revoked on the token service's CA list; an unknown CRL state fails closed, so inactive). Nothing is redeemed or
/// rotated. An access token is active when <see cref="AccessTokenValidator"/> accepts it (our signature, issuer,
/// exp/nbf) and its sign-in's refresh-token family (<c>sid</c>) is not revoked. Any confidential client may introspect
/// access tokens (it is the resource server's call); refresh tokens only their own client.
/// </summary>
internal sealed class TokenIntrospector(
    IRefreshTokenRepository refreshTokens,
    UserSessionRules sessions,
    CertificateRevocationPolicy revocation,
    AccessTokenValidator accessTokens,
    IOptions<TokenServiceOptions> options,
    TimeProvider clock)
{
    /// <summary>The RFC 7662 §2.2 members for an active token, or null when it is inactive (the answer is then only <c>active:false</c>).</summary>
    public async Task<Dictionary<string, object>?> IntrospectAsync(OAuthClient client, string token, string? hint, CancellationToken cancellationToken) =>
        hint == "access_token"
            ? await AccessTokenAsync(token, cancellationToken) ?? await RefreshTokenAsync(client, token, cancellationToken)
            : await RefreshTokenAsync(client, token, cancellationToken) ?? await AccessTokenAsync(token, cancellationToken);

    private async Task<Dictionary<string, object>?> RefreshTokenAsync(OAuthClient client, string token, CancellationToken cancellationToken)
    {
        if (!OpaqueTokens.IsWellFormed(token)
            || await refreshTokens.FindByHashAsync(OpaqueTokens.Hash(token), cancellationToken) is not { } record
            || !string.Equals(record.ClientId, client.ClientId, StringComparison.Ordinal)
            || RefreshTokenGrant.CheckTokenState(record, clock.GetUtcNow()) is not null)
        {
            return null;
        }

        if (await sessions.CheckActiveAsync(record.TokenServiceUserId, record.AuthTime, cancellationToken) is not UserSessionResult.Active { User: var user })
        {
            return null;
        }

        if ((await RefreshTokenGrant.CheckCertificateAsync(revocation, record, cancellationToken)).Error is not null)
        {
            return null;
        }

        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["active"] = true,
            ["token_type"] = "refresh_token",
            ["scope"] = record.Scopes,
            ["client_id"] = record.ClientId,
            ["sub"] = user.ObjectId,
            ["username"] = record.Upn,
            ["aud"] = record.ClientId,
            ["iss"] = options.Value.Issuer,
            ["iat"] = record.IssuedAt.ToUnixTimeSeconds(),
            ["nbf"] = record.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = record.ExpiresAt.ToUnixTimeSeconds(),
            ["auth_time"] = record.AuthTime.ToUnixTimeSeconds(),
            ["sid"] = record.FamilyId,
        };
    }

    private async Task<Dictionary<string, object>?> AccessTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (await accessTokens.ValidateTokenAsync(token) is not var (claims, jwt)
            || claims.FindFirst("sid")?.Value is not { Length: > 0 and <= 64 } sid
            || await refreshTokens.FindLatestInFamilyAsync(sid, cancellationToken) is not { RevokedAt: null })
        {
            return null;
        }

        var body = new Dictionary<string, object>(StringComparer.Ordinal) { ["active"] = true, ["token_type"] = "Bearer" };
        void Copy(string claim, string member)
        {
            if (claims.FindFirst(claim)?.Value is { } value)
            {
                body[member] = value;
            }
        }

        Copy("scp", "scope");
        Copy("client_id", "client_id");
        Copy("sub", "sub");
        Copy("upn", "username");
        Copy("sid", "sid");
        body["iss"] = jwt.Issuer;
        var audiences = jwt.Audiences.ToArray();
        body["aud"] = audiences.Length == 1 ? audiences[0] : audiences;
        body["jti"] = jwt.Id;
        body["exp"] = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds();
        body["iat"] = new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        body["nbf"] = new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero).ToUnixTimeSeconds();
        if (jwt.TryGetPayloadValue<long>("auth_time", out var authTime))
        {
            body["auth_time"] = authTime;
        }

        return body;
    }
}
