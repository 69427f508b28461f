using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>
/// Mints the response: a JWT access token (RS256, or ES256 with an ECDSA key; <c>kid</c>, <c>typ=at+jwt</c>, RFC 9068 claims), an id token when
/// <c>openid</c> was granted (nonce echoed), and an opaque refresh token whose record copies the sign-in facts.
/// </summary>
internal sealed class TokenIssuer(IOptions<TokenServiceOptions> options, ITokenSigningKeys keys, TimeProvider timeProvider)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A new refresh token: the first of a family (<paramref name="parent"/> null) or the rotation of <paramref name="parent"/>.</summary>
    public (string Token, RefreshToken Record) NewRefreshToken(TokenGrant grant, RefreshToken? parent)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var token = OpaqueTokens.New();
        var absolute = parent?.AbsoluteExpiresAt ?? now + settings.RefreshTokenAbsoluteLifetime;
        var sliding = now + settings.RefreshTokenSlidingLifetime;
        var record = new RefreshToken
        {
            TokenHash = OpaqueTokens.Hash(token),
            FamilyId = parent?.FamilyId ?? OpaqueTokens.New()[..32],
            ParentId = parent?.Id,
            AuthorizationCodeHash = parent?.AuthorizationCodeHash ?? grant.AuthorizationCodeHash,
            TokenServiceUserId = grant.User.Id,
            Upn = grant.User.Upn,
            ClientId = grant.ClientId,
            // RFC 6749 §6: a rotated refresh token keeps the original scope even when the access token is narrowed.
            Scopes = parent?.Scopes ?? ScopeRules.Join(grant.Scopes),
            AuthTime = grant.AuthTime,
            IssuedAt = now,
            ExpiresAt = sliding < absolute ? sliding : absolute,
            AbsoluteExpiresAt = absolute,
            FederationIssuer = grant.FederationIssuer,
            FederationNameId = grant.FederationNameId,
            FederationNameIdFormat = grant.FederationNameIdFormat,
            FederationSessionIndex = grant.FederationSessionIndex,
            CertificateSerialNumber = grant.CertificateSerialNumber,
            CertificateIssuer = grant.CertificateIssuer,
            CertificateAuthorityKeyId = grant.CertificateAuthorityKeyId,
        };
        return (token, record);
    }

    /// <summary>The token response around <paramref name="refreshToken"/>.</summary>
    public TokenResponse CreateResponse(TokenGrant grant, string refreshToken, string familyId)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var expires = now + settings.AccessTokenLifetime;
        var scope = ScopeRules.Join(grant.Scopes);
        var common = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            // The token-service user's own id: unique per (trust, subject), so two trusts never share a sub.
            ["sub"] = grant.User.ObjectId,
            ["upn"] = grant.User.Upn,
            ["auth_time"] = grant.AuthTime.ToUnixTimeSeconds(),
            ["idp"] = grant.FederationIssuer,
            ["sid"] = familyId,
        };
        if (grant.CertificateSerialNumber is not null)
        {
            common["amr"] = new[] { "x509" };
        }

        if (!string.IsNullOrEmpty(grant.User.DisplayName))
        {
            common["name"] = grant.User.DisplayName;
        }

        var access = new Dictionary<string, object>(common, StringComparer.Ordinal)
        {
            ["client_id"] = grant.ClientId,
            ["azp"] = grant.ClientId,
            ["scp"] = scope,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var accessToken = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = grant.ClientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = access,
            SigningCredentials = keys.Current.Credentials,
            TokenType = "at+jwt",
        });

        string? idToken = null;
        if (grant.Scopes.Contains(ScopeRules.OpenId, StringComparer.Ordinal))
        {
            var id = new Dictionary<string, object>(common, StringComparer.Ordinal) { ["preferred_username"] = grant.User.Upn };
            if (grant.Nonce is not null)
            {
                id["nonce"] = grant.Nonce;
            }

            if (grant.Scopes.Contains("email", StringComparer.Ordinal) && !string.IsNullOrEmpty(grant.User.Email))
            {
                id["email"] = grant.User.Email;
            }

            idToken = _handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = settings.Issuer,
                Audience = grant.ClientId,
                IssuedAt = now.UtcDateTime,
                Expires = expires.UtcDateTime,
                Claims = id,
                SigningCredentials = keys.Current.Credentials,
            });
        }

        return new TokenResponse
        {
            AccessToken = accessToken,
            ExpiresIn = (int)settings.AccessTokenLifetime.TotalSeconds,
            RefreshToken = refreshToken,
            IdToken = idToken,
            Scope = scope,
        };
    }

}
