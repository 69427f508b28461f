using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Web.Browser;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Pages;

/// <summary>
/// Turns a refused sign-in into a themed page: the relying party's theme when the failure names the party (or the
/// sealed sign-in context on the certificate listener does), else the active one. Locale, browser class and the
/// trusted CAs' names come from the shared <see cref="ThemedPageBuilder"/>.
/// </summary>
public sealed class ErrorPageFactory(
    ThemedPageBuilder builder,
    IRelyingPartyResolver relyingParties,
    SignInContextProtector contextProtector,
    IOptions<FederationServerOptions> options)
{
    /// <summary>Where the page assets are served: <c>/adfs/portal/site.css</c>, <c>/adfs/portal/themes/{name}/{path}</c>.</summary>
    public const string AssetsBasePath = "/adfs/portal/";

    /// <summary>The error page for a refused sign-in.</summary>
    public async Task<ErrorPageModel> CreateAsync(HttpContext http, SignInError error, string correlationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = ToRequest(error.Code, options.Value.ShowErrorDetails ? error.Detail : null, correlationId, now, preview: false);
        var theme = await RelyingPartyThemeAsync(http, error, cancellationToken);
        return await builder.CreateErrorPageAsync(http, request, theme, locale: null, browser: null, cancellationToken);
    }

    /// <summary>A preview of any page for an admin: chosen code, theme, locale and browser class.</summary>
    public Task<ErrorPageModel> CreatePreviewAsync(HttpContext http, SignInErrorCode code, string? themeName, string? locale, BrowserInfo browser, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = ToRequest(code, "Preview: the technical reason for admins appears here when Federation:ShowErrorDetails is true.",
            "00000000000000000000000000000000", now, preview: true);
        return builder.CreateErrorPageAsync(http, request, themeName, locale, browser, cancellationToken);
    }

    /// <summary>The layout data for a page that is not an error page (the auto-POST form): the named theme, else the active one.</summary>
    public PageChrome CreateChrome(HttpContext http, string? theme = null) => builder.CreateChrome(http, theme);

    private static ErrorPageRequest ToRequest(SignInErrorCode code, string? detail, string correlationId, DateTimeOffset now, bool preview) => new()
    {
        Code = SignInError.FormatCode(code),
        HttpStatus = new SignInError(code).HttpStatus,
        IsCertificateProblem = SignInErrorTexts.CategoryOf(code) == SignInErrorCategory.Certificate,
        Detail = detail,
        CorrelationId = correlationId,
        Timestamp = now,
        IsPreview = preview,
    };

    private async Task<string?> RelyingPartyThemeAsync(HttpContext http, SignInError error, CancellationToken cancellationToken)
    {
        // The pipeline names the relying party when it knows it; on the certificate listener the sealed context does.
        var entityId = error.RelyingParty ?? contextProtector.Unprotect(http.Request.Query["context"].ToString() is { Length: > 0 } c ? c : null)?.RelyingParty;
        // Issue 13: the page for a lost database (CAF1302) must not need the database; nor may any page turn a failed
        // theme look-up into a 500 — the active theme is used instead.
        if (entityId is null || error.Code == SignInErrorCode.StoreUnavailable)
        {
            return null;
        }

        try
        {
            var trust = await relyingParties.ResolveAsync(entityId, cancellationToken);
            return trust?.Theme;
        }
        catch (Exception ex) when (Storage.Resilience.StoreRetry.IsStoreUnavailable(ex))
        {
            return null;
        }
    }
}
