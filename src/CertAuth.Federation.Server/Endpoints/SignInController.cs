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
        if (samlRequest.Count != 1 || relayState.Count > 1)
        {
            return Render(SignInStep.Fail(SignInErrorCode.RequestInvalid, "The form must carry exactly one SAMLRequest and at most one RelayState."));
        }

        using var span = FederationTelemetry.Source.StartActivity("certauth.signin.request_validation");
        return Render(await samlHandler.HandlePostAsync(samlRequest.ToString(), relayState.Count == 1 ? relayState.ToString() : null, cancellationToken));
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
        return Render(await certificateHandler.HandleAsync(context, certificate, cancellationToken));
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
        if (await wsFederationHandler.HandleSignOutAsync(message, cancellationToken) is { } reply)
        {
            return Redirect(reply);
        }

        ViewData[PageChrome.ViewDataKey] = pages.CreateChrome(HttpContext);
        return View("SignedOut");
    }

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
                ViewData[PageChrome.ViewDataKey] = pages.CreateChrome(HttpContext, posted.Theme);
                return View("AutoPost", posted.Form);
            case SignInStep.Refused refused:
                return RenderError(refused.Error);
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
