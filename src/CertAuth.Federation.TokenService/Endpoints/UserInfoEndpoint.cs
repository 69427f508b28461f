using System.Net.Http.Headers;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// GET or POST <c>/oauth2/userinfo</c> (OpenID Connect Core §5.3) with the access token as an RFC 6750 bearer token in
/// the <c>Authorization</c> header: the user's claims and the certificate the sign-in is bound to
/// (<c>cert_serialnumber</c>, <c>cert_issuer</c>: what the refresh check tests against the CA's CRL). Only this token
/// service's own <c>at+jwt</c> access tokens, unexpired on its clock, with the <c>openid</c> scope, of a sign-in whose
/// refresh-token family is not revoked; otherwise 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c>
/// (<c>CAT700190</c>), or 403 <c>insufficient_scope</c> without <c>openid</c>.
/// </summary>
internal static class UserInfoEndpoint
{
    /// <summary>Where it is served (and advertised as <c>userinfo_endpoint</c>).</summary>
    public const string Path = "/oauth2/userinfo";

    public static async Task<IResult> HandleAsync(
        HttpContext context, AccessTokenValidator validator, Domain.IRefreshTokenRepository refreshTokens)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            // RFC 6750 §3.1: no credentials at all -> a challenge without an error code.
            return new Challenge(StatusCodes.Status401Unauthorized, "Bearer", null, null);
        }

        if (header.Parameter.Length > AccessTokenValidator.MaxTokenLength)
        {
            return Invalid("The access token is too long.");
        }

        var claims = await validator.ValidateAsync(header.Parameter);
        if (claims is null)
        {
            return Invalid("The access token is not valid here (signature, issuer, type or lifetime).");
        }

        string? Claim(string type) => claims.FindFirst(type)?.Value;
        if (!(Claim("scp") ?? "").Split(' ').Contains(ScopeRules.OpenId, StringComparer.Ordinal))
        {
            return new Challenge(StatusCodes.Status403Forbidden, "Bearer", "insufficient_scope", "The access token lacks the openid scope.");
        }

        var body = new Dictionary<string, object>(StringComparer.Ordinal) { ["sub"] = Claim("sub") ?? "" };
        foreach (var type in new[] { "upn", "name", "idp", "sid" })
        {
            if (Claim(type) is { } value)
            {
                body[type] = value;
            }
        }

        if (Claim("upn") is { } upn)
        {
            body["preferred_username"] = upn;
        }

        var amr = claims.FindAll("amr").Select(c => c.Value).ToArray();
        if (amr.Length > 0)
        {
            body["amr"] = amr;
        }

        if (Claim("sid") is { Length: > 0 and <= 64 } sid)
        {
            var session = await refreshTokens.FindLatestInFamilyAsync(sid, context.RequestAborted);
            if (session?.RevokedAt is not null)
            {
                return Invalid("The sign-in's refresh-token family is revoked.");
            }

            if (session is not null)
            {
                body["cert_serialnumber"] = session.CertificateSerialNumber ?? "";
                body["cert_issuer"] = session.CertificateIssuer ?? "";
            }
        }

        return Results.Json(body);
    }

    private static Challenge Invalid(string detail)
    {
        var error = new TokenError(TokenErrorCode.AccessTokenInvalid, detail);
        return new Challenge(StatusCodes.Status401Unauthorized, "Bearer", "invalid_token", error.Description);
    }

    /// <summary>RFC 6750 §3: the status, a <c>WWW-Authenticate: Bearer</c> challenge and (with an error) a JSON body.</summary>
    private sealed class Challenge(int status, string scheme, string? error, string? description) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var value = error is null
                ? $"{scheme} realm=\"userinfo\""
                : $"{scheme} realm=\"userinfo\", error=\"{error}\", error_description=\"{description!.Replace("\"", "'", StringComparison.Ordinal)}\"";
            httpContext.Response.Headers.WWWAuthenticate = value;
            if (error is null)
            {
                httpContext.Response.StatusCode = status;
                return Task.CompletedTask;
            }

            return Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description! }, statusCode: status)
                .ExecuteAsync(httpContext);
        }
    }
}
