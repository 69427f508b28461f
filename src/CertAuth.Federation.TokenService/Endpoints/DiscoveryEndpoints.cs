using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary><c>/.well-known/openid-configuration</c> (OIDC Discovery §3) and <c>/discovery/keys</c> (the JWKS).</summary>
internal static class DiscoveryEndpoints
{
    public static IResult Configuration(IOptions<TokenServiceOptions> options, ITokenSigningKeys keys)
    {
        var o = options.Value;
        string At(string path) => new Uri(o.PublicUrl, path).AbsoluteUri;
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = o.Issuer,
            ["authorization_endpoint"] = At("/oauth2/authorize"),
            ["token_endpoint"] = o.TokenEndpoint,
            ["jwks_uri"] = At("/discovery/keys"),
            ["userinfo_endpoint"] = At(UserInfoEndpoint.Path),
            ["revocation_endpoint"] = At(RevocationEndpoint.Path),
            ["revocation_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["introspection_endpoint"] = At(IntrospectionEndpoint.Path),
            ["introspection_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["end_session_endpoint"] = At(EndSessionEndpoint.Path),
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = new[] { GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.SamlBearer },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = keys.Published.Select(k => k.Algorithm).Distinct(StringComparer.Ordinal).ToArray(),
            ["scopes_supported"] = ScopeRules.DefaultAllowed,
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["code_challenge_methods_supported"] = new[] { Pkce.S256 },
            ["claims_supported"] = new[] { "sub", "upn", "name", "email", "preferred_username", "auth_time", "nonce", "amr", "idp", "sid", "cert_serialnumber", "cert_issuer" },
            ["authorization_response_iss_parameter_supported"] = true,
        });
    }

    /// <summary>Every published key (current, next and still-valid previous ones; issue 13), the current one first.</summary>
    public static IResult Keys(ITokenSigningKeys keys)
    {
        var current = keys.Current;
        var ordered = keys.Published.OrderBy(k => k.KeyId == current.KeyId ? 0 : 1).ToList();
        return Results.Json(new Dictionary<string, object> { ["keys"] = ordered.Select(Publish).ToArray() });
    }

    private static Dictionary<string, string> Publish(TokenSigningKey key)
    {
        var jwk = key.PublicJwk;
        var published = new Dictionary<string, string> { ["kty"] = jwk.Kty, ["use"] = jwk.Use, ["alg"] = jwk.Alg, ["kid"] = jwk.Kid };
        if (jwk.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve)
        {
            published["crv"] = jwk.Crv;
            published["x"] = jwk.X;
            published["y"] = jwk.Y;
        }
        else
        {
            published["n"] = jwk.N;
            published["e"] = jwk.E;
        }

        return published;
    }
}
