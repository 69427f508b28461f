using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// POST <c>/oauth2/revoke</c> (RFC 7009): <c>token</c> and an optional <c>token_type_hint</c> (<c>refresh_token</c> or
/// <c>access_token</c>) in a bounded form, the client authenticated as at the token endpoint (confidential clients with
/// their secret, public clients by <c>client_id</c>). 200 with an empty body whether or not anything was revoked
/// (§2.2: also for unknown tokens and for tokens of another client, which are left alone); see <see cref="TokenRevoker"/>.
/// Malformed requests and failed client authentication get the RFC 6749 §5.2 JSON error with a <c>CAT</c> code.
/// </summary>
internal static class RevocationEndpoint
{
    /// <summary>Where it is served (and advertised as <c>revocation_endpoint</c>).</summary>
    public const string Path = "/oauth2/revoke";

    /// <summary>Largest accepted form: a JWT access token and the client credentials.</summary>
    internal const int MaxFormBytes = 16 * 1024;

    internal static readonly Dictionary<string, int> Limits = new(StringComparer.Ordinal)
    {
        ["token"] = AccessTokenValidator.MaxTokenLength,
        ["token_type_hint"] = 64,
        ["client_id"] = InputLimits.MaxClientIdLength,
        ["client_secret"] = InputLimits.MaxClientSecretLength,
    };

    public static async Task<IResult> HandleAsync(HttpContext context, ClientAuthenticator clients, TokenRevoker revoker, ILoggerFactory loggers)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var (client, form, refusal) = await AuthenticateAsync(context, clients, loggers, "revocation", "revoke");
        if (refusal is not null)
        {
            return refusal;
        }

        await revoker.RevokeAsync(client!, form!.Get("token")!, form.Get("token_type_hint"), context.RequestAborted);
        return Results.Ok();
    }

    /// <summary>
    /// The shared front half of revocation and introspection: read the bounded form, require <c>token</c>, authenticate
    /// the client. On failure the refusal is logged once (event 3092, with its code, never the token) and returned.
    /// </summary>
    internal static async Task<(Domain.OAuthClient? Client, OAuthForm? Form, IResult? Refusal)> AuthenticateAsync(
        HttpContext context, ClientAuthenticator clients, ILoggerFactory loggers, string endpoint, string realm, bool confidentialOnly = false)
    {
        var (form, error) = await OAuthForm.ReadAsync(context, Limits, MaxFormBytes);
        if (error is null && form!.Get("token") is null)
        {
            error = new TokenError(TokenErrorCode.InvalidRequest, "token is required.");
        }

        Domain.OAuthClient? client = null;
        if (error is null)
        {
            var authentication = await clients.AuthenticateAsync(
                new TokenRequest { GrantType = endpoint, ClientId = form!.ClientId, ClientSecret = form.ClientSecret, UsedBasicAuthentication = form.UsedBasicAuthentication },
                context.RequestAborted);
            switch (authentication)
            {
                case ClientAuthenticationResult.Refused { Error: var refused }:
                    error = refused;
                    break;
                case ClientAuthenticationResult.Authenticated { Client: var authenticated }:
                    client = authenticated;
                    if (confidentialOnly && client.IsPublic)
                    {
                        error = new TokenError(TokenErrorCode.IntrospectionRequiresConfidentialClient, "Only confidential clients may introspect tokens.");
                    }

                    break;
            }
        }

        if (error is null)
        {
            return (client, form, null);
        }

        loggers.CreateLogger(typeof(RevocationEndpoint)).OAuthEndpointRefused(
            endpoint, error.DisplayCode, error.Code, form?.ClientId, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier, error.Detail);
        return (null, null, OAuthForm.Error(error, form?.UsedBasicAuthentication ?? false, realm));
    }
}
