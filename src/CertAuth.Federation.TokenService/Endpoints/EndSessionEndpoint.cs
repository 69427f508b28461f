using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// GET or POST <c>/oauth2/logout</c> (the <c>end_session_endpoint</c>, OpenID Connect RP-Initiated Logout 1.0) and
/// GET or POST <c>/oauth2/logout/callback</c> (where the federation server returns the browser: the <c>wreply</c> hop, or
/// a SAML 2.0 LogoutResponse over HTTP-Redirect or HTTP-POST; and our SingleLogoutService: a federation server's
/// LogoutRequest over either binding, see <see cref="FederationLogoutHandler"/>). Bounded (query 8 KiB, form 16 KiB, callback form 64 KiB,
/// no repeated parameter); every refusal is a themed page with its <c>CAT</c> code, never a 500; see
/// <see cref="EndSessionHandler"/>.
/// </summary>
internal static class EndSessionEndpoint
{
    /// <summary>Where it is served (and advertised as <c>end_session_endpoint</c>).</summary>
    public const string Path = "/oauth2/logout";

    /// <summary>The federation server's return hop.</summary>
    public const string CallbackPath = "/oauth2/logout/callback";

    /// <summary>The host-only cookie holding the sealed pending logout while the browser visits the federation server.</summary>
    public const string StateCookie = "__Host-certauth-ts-logout";

    private const int MaxQueryLength = 8 * 1024;
    private const int MaxFormBytes = 16 * 1024;
    private const int MaxCallbackFormBytes = 64 * 1024;
    private static readonly string[] Parameters = ["id_token_hint", "client_id", "post_logout_redirect_uri", "state"];

    public static async Task<IResult> HandleAsync(HttpContext context, EndSessionHandler handler, IOptions<TokenServiceOptions> options)
    {
        var request = context.Request;
        context.Response.Headers.CacheControl = "no-store";
        if (request.QueryString.Value is { Length: > MaxQueryLength })
        {
            return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The request is too large."));
        }

        IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> source = request.Query;
        if (HttpMethods.IsPost(request.Method))
        {
            if (!request.HasFormContentType)
            {
                return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "Expected an HTML form post."));
            }

            if (request.ContentLength is null or > MaxFormBytes)
            {
                return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The form exceeds the size limit."));
            }

            try
            {
                source = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The form exceeds the size limits."));
            }
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            if (value.Count != 1)
            {
                return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, $"The parameter '{(key.Length > 32 ? key[..32] : key)}' is repeated."));
            }

            if (Parameters.Contains(key, StringComparer.Ordinal))
            {
                values[key] = value[0] ?? string.Empty;
            }
        }

        string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        var outcome = await handler.HandleAsync(
            new EndSessionRequest(Get("id_token_hint"), Get("client_id"), Get("post_logout_redirect_uri"), Get("state")), context.RequestAborted);
        return await ApplyAsync(context, outcome, options.Value, "end session");
    }

    public static async Task<IResult> Callback(HttpContext context, EndSessionHandler handler, FederationLogoutHandler federationLogout, IOptions<TokenServiceOptions> options)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.QueryString.Value is { Length: > MaxQueryLength * 4 })
        {
            return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The request is too large."));
        }

        if (context.Request.Query.ContainsKey("SAMLRequest"))
        {
            // The federation server's LogoutRequest (logout begun elsewhere): no pending-logout cookie is involved.
            return await ApplyAsync(context, await federationLogout.HandleRedirectAsync(context.Request.QueryString.Value!.TrimStart('?'), context.RequestAborted), options.Value, "SAML LogoutRequest");
        }

        var outcome = await handler.CompleteAsync(
            context.Request.Cookies.TryGetValue(StateCookie, out var value) ? value : null,
            context.Request.QueryString.Value?.TrimStart('?'),
            context.RequestAborted);
        return await ApplyAsync(context, outcome, options.Value, "end session");
    }

    /// <summary>
    /// POST <c>/oauth2/logout/callback</c>: a LogoutResponse over HTTP-POST (SAML Bindings §3.5) — exactly one
    /// <c>SAMLResponse</c> and at most one <c>RelayState</c> (not used: the pending logout is in the sealed cookie).
    /// </summary>
    public static async Task<IResult> CallbackPost(HttpContext context, EndSessionHandler handler, FederationLogoutHandler federationLogout, IOptions<TokenServiceOptions> options)
    {
        var request = context.Request;
        context.Response.Headers.CacheControl = "no-store";
        if (!request.HasFormContentType)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "Expected an HTML form post."));
        }

        if (request.ContentLength is null or > MaxCallbackFormBytes || request.QueryString.Value is { Length: > MaxQueryLength })
        {
            return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The form exceeds the size limit."));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return ErrorPage.Render(context, new(TokenErrorCode.RequestTooLarge, "The form exceeds the size limits."));
        }

        var samlRequest = form["SAMLRequest"];
        if (samlRequest.Count > 0)
        {
            // The federation server's LogoutRequest over HTTP-POST (logout begun elsewhere).
            if (samlRequest.Count != 1 || form["SAMLResponse"].Count > 0 || form["RelayState"].Count > 1 || string.IsNullOrEmpty(samlRequest[0]))
            {
                return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "The form must carry exactly one SAMLRequest and at most one RelayState."));
            }

            return await ApplyAsync(context, await federationLogout.HandlePostAsync(samlRequest[0]!, form["RelayState"].Count == 1 ? form["RelayState"][0] : null, context.RequestAborted), options.Value, "SAML LogoutRequest");
        }

        var response = form["SAMLResponse"];
        if (response.Count != 1 || form["RelayState"].Count > 1 || string.IsNullOrEmpty(response[0]))
        {
            return ErrorPage.Render(context, new(TokenErrorCode.InvalidRequest, "The form must carry exactly one SAMLResponse and at most one RelayState."));
        }

        var outcome = await handler.CompleteAsync(
            context.Request.Cookies.TryGetValue(StateCookie, out var value) ? value : null,
            rawQuery: null,
            context.RequestAborted,
            postedResponse: response[0]);
        return await ApplyAsync(context, outcome, options.Value, "end session");
    }

    private static async Task<IResult> ApplyAsync(HttpContext context, EndSessionOutcome outcome, TokenServiceOptions options, string trigger)
    {
        if (outcome.ClearCookies)
        {
            // This browser's other sign-ins end too (issue 14, cleanup): the session cookie lists their codes.
            await context.RequestServices.GetRequiredService<BrowserSessionCleanup>().EndAsync(context, trigger);
            BrowserBindingCookie.Clear(context.Response);
            if (outcome.SetLogoutState is null)
            {
                context.Response.Cookies.Delete(StateCookie, CookieOptions(TimeSpan.Zero));
            }
        }

        if (outcome.SetLogoutState is { } state)
        {
            context.Response.Cookies.Append(StateCookie, state, CookieOptions(options.PendingRequestLifetime));
        }

        if (outcome.Page is { } page)
        {
            return ErrorPage.Render(context, page);
        }

        return Results.Redirect(outcome.RedirectUrl!);
    }

    /// <summary>HttpOnly, Secure, host-only, path <c>/</c>; SameSite=None so that a federation server's cross-site return (also by POST) carries it.</summary>
    private static CookieOptions CookieOptions(TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.None,
        Path = "/",
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
        IsEssential = true,
    };
}
