using CertAuth.Federation.TokenService.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// POST <c>/oauth2/introspect</c> (RFC 7662): <c>token</c> and an optional <c>token_type_hint</c>, confidential clients
/// only (a public client gets 401 <c>invalid_client</c>, <c>CAT700290</c>). The answer is
/// <c>{"active":true, scope, client_id, sub, username, exp, iat, nbf, aud, iss, token_type, jti, ...}</c> for an active
/// token (see <see cref="TokenIntrospector"/>) and exactly <c>{"active":false}</c> otherwise — nothing of an inactive
/// token is echoed. Always <c>Cache-Control: no-store</c>.
/// </summary>
internal static class IntrospectionEndpoint
{
    /// <summary>Where it is served (and advertised as <c>introspection_endpoint</c>).</summary>
    public const string Path = "/oauth2/introspect";

    public static async Task<IResult> HandleAsync(HttpContext context, ClientAuthenticator clients, TokenIntrospector introspector, ILoggerFactory loggers)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var (client, form, refusal) = await RevocationEndpoint.AuthenticateAsync(context, clients, loggers, "introspection", "introspect", confidentialOnly: true);
        if (refusal is not null)
        {
            return refusal;
        }

        var active = await introspector.IntrospectAsync(client!, form!.Get("token")!, form.Get("token_type_hint"), context.RequestAborted);
        loggers.CreateLogger(typeof(IntrospectionEndpoint)).TokenIntrospected(client!.ClientId, active?["token_type"] as string ?? "token", active is not null);
        return Results.Json(active ?? new Dictionary<string, object> { ["active"] = false });
    }
}
