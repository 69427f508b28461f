using System.Security.Claims;
using CertAuth.Federation.TokenService.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// Validates this token service's own <c>at+jwt</c> access tokens (RFC 9068) as <c>/oauth2/userinfo</c>,
/// <c>/oauth2/introspect</c> and <c>/oauth2/revoke</c> accept them: signed by a published key of ours (current, next
/// or still-valid previous), our issuer, unexpired on the service's clock and not before its <c>nbf</c> (5 minutes of
/// skew). Any audience: the client is named by the token's <c>client_id</c>. Whether the sign-in's refresh-token family
/// (<c>sid</c>) is revoked is the caller's check, against the store.
/// </summary>
internal sealed class AccessTokenValidator(IOptions<TokenServiceOptions> options, ITokenSigningKeys keys, TimeProvider clock)
{
    /// <summary>Longest token examined; longer values are refused before any parsing.</summary>
    public const int MaxTokenLength = 8192;

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The token's claims, or null when it is not a valid access token of ours now.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(string? token) => (await ValidateTokenAsync(token))?.Identity;

    /// <summary>The claims and the parsed token (registered claims: issuer, audiences, times, jti), or null.</summary>
    public async Task<(ClaimsIdentity Identity, JsonWebToken Token)?> ValidateTokenAsync(string? token)
    {
        if (token is not { Length: > 0 and <= MaxTokenLength } || token.Count(c => c == '.') != 2)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var published = keys.Published;
        var validation = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            IssuerSigningKeys = published.Select(k => k.SecurityKey),
            ValidAlgorithms = [.. published.Select(k => k.Algorithm).Distinct(StringComparer.Ordinal)],
            ValidTypes = ["at+jwt"],
            ValidateAudience = false,   // any registered client's access token; its client_id is in the token
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } e && e > now && (notBefore is not { } nb || nb <= now.AddMinutes(5)),
        });
        return validation.IsValid && validation.SecurityToken is JsonWebToken jwt ? (validation.ClaimsIdentity, jwt) : null;
    }
}
