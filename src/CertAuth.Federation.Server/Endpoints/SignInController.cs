using System.Diagnostics;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Server.Pages;
using CertAuth.Federation.Web.Pages;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>
/// The browser-facing sign-in endpoints. Thin: each action hands the request to the sign-in pipeline and renders
/// its <see cref="SignInStep"/> — a redirect, an auto-POST form, or an error page with a stable code.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SignInController(
    SamlSignOnHandler samlHandler,
    WsFederationSignOnHandler wsFederationHandler,
    CertificateSignInHandler certificateHandler,
    Sessions.FederationSessionCookie sessionCookie,
    Sessions.FederationSessionHandoff sessionHandoff,
    Sessions.SingleLogoutHandler singleLogout,
    IOptions<FederationServerOptions> options,
    ErrorPageFactory pages,
    TimeProvider timeProvider,
    FederationMetrics metrics,
    ILogger<SignInController> logger) : Controller
{
    /// <summary>SAML 2.0 SP-initiated sign-on, HTTP-Redirect binding; or a WS-Federation passive request (<c>wa</c>).</summary>
    [HttpGet("/adfs/ls")]
    public async Task<IActionResult> RedirectBinding(CancellationToken cancellationToken)
    {
        if (Request.Query.ContainsKey("wa") && !Request.Query.ContainsKey("SAMLRequest"))
        {
            return await WsFederationAsync(Request.Query.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Select(v => v ?? string.Empty).ToList()), cancellationToken);
        }

        // Single logout (Sessions/SingleLogoutHandler.cs): a LogoutRequest, or a party's LogoutResponse.
        var rawQuery = Request.QueryString.Value ?? string.Empty;
        if ((Request.Query.ContainsKey("SAMLRequest") || Request.Query.ContainsKey("SAMLResponse")) && singleLogout.PeekRedirect(rawQuery) is { } logout)
        {
            return await LogoutAsync(logout, rawQuery, cancellationToken);
        }

        if (!Request.Query.ContainsKey("SAMLRequest"))
        {
            return Render(SignInStep.Fail(SignInErrorCode.RequestInvalid, "The request carries no SAMLRequest."));
        }

        using var span = FederationTelemetry.Source.StartActivity("certauth.signin.request_validation");
        return Render(await samlHandler.HandleRedirectAsync(Request.QueryString.Value ?? string.Empty, cancellationToken));
    }

    /// <summary>SAML 2.0 SP-initiated sign-on, HTTP-POST binding.</summary>
    [HttpPost("/adfs/ls")]
    [Consumes("application/x-www-form-urlencoded")]
    public async Task<IActionResult> PostBinding(CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            // Over the form limits (value count, key or value length, body size): a 400 page, not a 500.
            return Render(SignInStep.Fail(SignInErrorCode.RequestInvalid, "The form exceeds the size limits."));
        }

        if (form.ContainsKey("wa") && !form.ContainsKey("SAMLRequest"))
        {
            return await WsFederationAsync(form.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Select(v => v ?? string.Empty).ToList()), cancellationToken);
        }

        var samlRequest = form["SAMLRequest"];
        var relayState = form["RelayState"];
        var samlResponse = form["SAMLResponse"];
        if (samlResponse.Count > 0 || samlRequest.Count == 1)
        {
            if (samlResponse.Count + samlRequest.Count != 1 || relayState.Count > 1)
            {
                return Render(SignInStep.Fail(SignInErrorCode.RequestInvalid, "The form must carry exactly one SAML message and at most one RelayState."));
            }

            var parameter = samlResponse.Count == 1 ? "SAMLResponse" : "SAMLRequest";
            var value = samlResponse.Count == 1 ? samlResponse.ToString() : samlRequest.ToString();
            if (singleLogout.PeekPost(parameter, value, relayState.Count == 1 ? relayState.ToString() : null) is { } logout)
            {
                return await LogoutAsync(logout, null, cancellationToken);
            }
        }

        if (samlRequest.Count != 1 || relayState.Count > 1)
        {
            return Render(SignInStep.Fail(SignInErrorCode.RequestInvalid, "The form must carry exactly one SAMLRequest and at most one RelayState."));
        }

        using var span = FederationTelemetry.Source.StartActivity("certauth.signin.request_validation");
        return Render(await samlHandler.HandlePostAsync(samlRequest.ToString(), relayState.Count == 1 ? relayState.ToString() : null, cancellationToken));
    }

    /// <summary>A single-logout step: the party that did not answer is counted as failed and the logout goes on.</summary>
    [HttpGet(Sessions.SingleLogoutHandler.ContinuePath)]
    public async Task<IActionResult> LogoutContinue(CancellationToken cancellationToken) =>
        Render(await singleLogout.ContinueAsync(HttpContext, cancellationToken));

    private async Task<IActionResult> LogoutAsync(Sessions.LogoutMessage logout, string? rawQuery, CancellationToken cancellationToken)
    {
        using var span = FederationTelemetry.Source.StartActivity("certauth.logout");
        if (logout.Document is not { } document)
        {
            return Render(SignInStep.Fail(SignInErrorCode.LogoutRequestInvalid, "The SAML message cannot be read."));
        }

        return Render(logout.IsResponse
            ? await singleLogout.HandleResponseAsync(HttpContext, document, rawQuery, logout.RelayState, cancellationToken)
            : await singleLogout.HandleRequestAsync(HttpContext, document, rawQuery, logout.RelayState, cancellationToken));
    }

    /// <summary>IdP-initiated sign-on: <c>/adfs/ls/idpinitiatedsignon?loginToRp=&lt;entity id&gt;</c>.</summary>
    [HttpGet("/adfs/ls/idpinitiatedsignon")]
    [HttpGet("/adfs/ls/idpinitiatedsignon.aspx")]
    public async Task<IActionResult> IdpInitiated([FromQuery] string? loginToRp, [FromQuery] string? RelayState, CancellationToken cancellationToken)
    {
        using var span = FederationTelemetry.Source.StartActivity("certauth.signin.request_validation");
        return Render(await samlHandler.HandleIdpInitiatedAsync(loginToRp, RelayState, cancellationToken));
    }

    /// <summary>The certificate listener's sign-in: the TLS handshake has asked for a client certificate.</summary>
    [HttpGet("/adfs/ls/certauth")]
    public async Task<IActionResult> Certificate([FromQuery(Name = "context")] string? context, CancellationToken cancellationToken)
    {
        if (HttpContext.Connection.LocalPort != options.Value.CertificateSignInUrl.Port && options.Value.ConfigureKestrel)
        {
            return NotFound();
        }

        if (HttpContext.Features.Get<ForwardedClientCertificateFeature>() is { Malformed: true })
        {
            return Render(SignInStep.Fail(SignInErrorCode.RequestInvalid, "The proxy's Client-Cert header is not one DER certificate in RFC 9440 form."));
        }

        // The TLS handshake's certificate, or one a trusted proxy forwarded (ForwardedClientCertificateMiddleware).
        var certificate = await HttpContext.Connection.GetClientCertificateAsync(cancellationToken);
        var step = await certificateHandler.HandleAsync(context, certificate, cancellationToken);
        if (step is SignInStep.Posted { SessionUser: { } user, SessionParty: { } party, Form: var form, Theme: var theme })
        {
            // The sign-in session lives on the public listener's origin (Sessions/FederationSessionHandoff.cs): same
            // host name → the cookie is set here (cookies ignore the port); another host → a hop through the public listener.
            if (sessionHandoff.SameHost)
            {
                sessionCookie.Write(Response, sessionCookie.Add(sessionCookie.Read(Request), user, party));
            }
            else
            {
                step = SignInStep.PostForm(sessionHandoff.CreateForm(user, party, form, theme), theme);
            }
        }

        return Render(step);
    }

    /// <summary>
    /// The public listener's end of the hop from a certificate listener on another host: records the party in the
    /// session cookie under this origin and posts the token on to the relying party.
    /// </summary>
    [HttpPost(Sessions.FederationSessionHandoff.Path)]
    [Consumes("application/x-www-form-urlencoded")]
    public async Task<IActionResult> SessionHandoff(CancellationToken cancellationToken)
    {
        if (HttpContext.Connection.LocalPort != options.Value.PublicUrl.Port && options.Value.ConfigureKestrel)
        {
            return NotFound();
        }

        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return Render(SignInStep.Fail(SignInErrorCode.RequestInvalid, "The form exceeds the size limits."));
        }

        var values = form[Sessions.FederationSessionHandoff.Field];
        if (values.Count != 1 || sessionHandoff.Open(values.ToString()) is not { } handoff)
        {
            return Render(SignInStep.Fail(SignInErrorCode.SignInContextInvalid, "The session hand-off is missing, expired or altered."));
        }

        sessionCookie.Write(Response, sessionCookie.Add(sessionCookie.Read(Request), handoff.User, handoff.Party));
        return Render(SignInStep.PostForm(handoff.Form, handoff.Theme));
    }

    /// <summary>
    /// WS-Federation passive requestor profile (WS-Federation 1.2 §13): <c>wsignin1.0</c> joins the certificate sign-in;
    /// <c>wsignout1.0</c> and <c>wsignoutcleanup1.0</c> end at the relying party's <c>wreply</c> (when registered) or
    /// the themed signed-out page.
    /// </summary>
    private async Task<IActionResult> WsFederationAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters, CancellationToken cancellationToken)
    {
        using var span = FederationTelemetry.Source.StartActivity("certauth.signin.request_validation");
        var parsed = wsFederationHandler.Parse(parameters);
        if (parsed.Message is not { } message)
        {
            return Render(wsFederationHandler.Refuse(null, parsed));
        }

        if (message.Action == Protocols.WsFederation.WsFederationConstants.SignIn)
        {
            return Render(await wsFederationHandler.HandleSignInAsync(message, cancellationToken));
        }

        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var reply = await wsFederationHandler.HandleSignOutAsync(message, cancellationToken);
        if (message.Action == Protocols.WsFederation.WsFederationConstants.SignOut)
        {
            // wsignout1.0: every party of the sign-in session is signed out (Sessions/SingleLogoutHandler.cs), then wreply.
            return Render(await singleLogout.StartSignOutAsync(HttpContext, reply, cancellationToken));
        }

        // wsignoutcleanup1.0: the session here ends; nothing is propagated.
        sessionCookie.Clear(Response);
        return reply is not null ? Redirect(reply) : SignOutPage([], null, null);
    }

    private IActionResult SignOutPage(IReadOnlyList<string> cleanup, string? reply, SignInStep? next)
    {
        var continueUrl = (next as SignInStep.Redirected)?.Url ?? reply;
        var form = (next as SignInStep.Posted)?.Form;
        var imageOrigins = cleanup.Select(u => new Uri(u).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.Ordinal);
        var csp = SecurityHeaders.ContentSecurityPolicy(restrictFormAction: form is null);
        if (cleanup.Count > 0)
        {
            // The cleanup images go to the relying parties' own origins (registered endpoints only).
            csp = csp.Replace("img-src 'self'", "img-src 'self' " + string.Join(' ', imageOrigins), StringComparison.Ordinal);
        }

        Response.Headers.ContentSecurityPolicy = csp;
        ViewData[PageChrome.ViewDataKey] = pages.CreateChrome(HttpContext, (next as SignInStep.Posted)?.Theme);
        return View("SignedOut", new SignedOutModel(cleanup.Select(CleanupUrl).ToList(), continueUrl, form));
    }

    private static string CleanupUrl(string endpoint) =>
        endpoint + (endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "wa=" + Protocols.WsFederation.WsFederationConstants.SignOutCleanup;

    private IActionResult Render(SignInStep step)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        switch (step)
        {
            case SignInStep.Redirected redirected:
                return Redirect(redirected.Url);
            case SignInStep.Posted posted:
                Response.Headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicy(restrictFormAction: false);
                var chrome = pages.CreateChrome(HttpContext, posted.Theme);
                if (chrome is { HasViewOverrides: false })
                {
                    // The hot path: written directly (same markup and encoding as the Razor view), no view engine.
                    return new AutoPostPageResult(posted.Form, chrome);
                }

                ViewData[PageChrome.ViewDataKey] = chrome;
                return View("AutoPost", posted.Form);
            case SignInStep.Refused refused:
                return RenderError(refused.Error);
            case SignInStep.SignedOutPage signedOut:
                return SignOutPage(signedOut.Cleanup, signedOut.Reply, signedOut.Next);
            default:
                throw new InvalidOperationException("Unknown sign-in step.");
        }
    }

    private IActionResult RenderError(SignInError error)
    {
        // The correlation id is the trace id (W3C), so an error page leads to the request's trace and its spans.
        var correlationId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        FederationTelemetry.MarkRefused(error);
        metrics.SignInRefused(error);
        logger.SignInRefused(error.DisplayCode, error.Code, correlationId, error.Detail);
        return ErrorPageResult.For(error, correlationId, timeProvider.GetUtcNow());
    }
}
