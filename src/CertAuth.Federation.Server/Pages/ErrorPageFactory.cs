using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Server.Browser;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Themes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Pages;

/// <summary>
/// Builds what a page shows from the request: the theme (the relying party's when known, else the active one), the
/// locale (Accept-Language), the browser class (User-Agent), and the trusted CAs' names.
/// </summary>
public sealed class ErrorPageFactory(
    ThemeCatalog themes,
    UserAgentClassifier classifier,
    LocaleNegotiator negotiator,
    ITrustedAuthoritySource authorities,
    IRelyingPartyResolver relyingParties,
    SignInContextProtector contextProtector,
    IOptions<FederationServerOptions> options,
    IOptions<ThemeOptions> themeOptions)
{
    /// <summary>Where the theme assets are served: <c>/adfs/portal/themes/{name}/{path}</c>.</summary>
    public const string ThemeAssetsPrefix = "/adfs/portal/themes/";

    /// <summary>The error page for a refused sign-in.</summary>
    public async Task<ErrorPageModel> CreateAsync(HttpContext http, SignInError error, string correlationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var theme = themes.Resolve(await RelyingPartyThemeAsync(http, error, cancellationToken));
        var texts = TextsFor(theme, http.Request.Headers.AcceptLanguage.ToString());
        var browser = classifier.Classify(http.Request.Headers.UserAgent.ToString());
        http.Items[PageChrome.ViewDataKey] = CreateChrome(theme, texts);
        return await BuildAsync(theme, texts, browser, error, correlationId, now, options.Value.ShowErrorDetails, preview: false, cancellationToken);
    }

    /// <summary>A preview of any page for an admin: chosen code, theme, locale and browser class.</summary>
    public async Task<ErrorPageModel> CreatePreviewAsync(HttpContext http, SignInErrorCode code, string? themeName, string? locale, BrowserInfo browser, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var theme = themes.Resolve(themeName);
        var texts = locale is not null && LocaleNames.IsValid(locale)
            ? new PageTexts(theme, themes.BuiltIn, negotiator.Negotiate(locale, AvailableLocales(theme), themeOptions.Value.DefaultLocale))
            : TextsFor(theme, http.Request.Headers.AcceptLanguage.ToString());
        http.Items[PageChrome.ViewDataKey] = CreateChrome(theme, texts);
        var error = new SignInError(code, "Preview: the technical reason for admins appears here when Federation:ShowErrorDetails is true.");
        return await BuildAsync(theme, texts, browser, error, "00000000000000000000000000000000", now, showDetail: true, preview: true, cancellationToken);
    }

    /// <summary>The layout data for a page that is not an error page (the auto-POST form), in the active theme.</summary>
    public PageChrome CreateChrome(HttpContext http)
    {
        var theme = themes.Resolve(null);
        var chrome = CreateChrome(theme, TextsFor(theme, http.Request.Headers.AcceptLanguage.ToString()));
        http.Items[PageChrome.ViewDataKey] = chrome;
        return chrome;
    }

    internal PageChrome CreateChrome(Theme theme, PageTexts texts)
    {
        var stylesheets = new List<string> { "/adfs/portal/site.css", AssetUrl(theme, "colors.css") };
        if (theme.HasStylesheet)
        {
            stylesheets.Add(AssetUrl(theme, "theme.css"));
        }

        return new PageChrome
        {
            ThemeName = theme.Name,
            Texts = texts,
            Stylesheets = stylesheets,
            LogoUrl = theme.LogoPath is null ? null : AssetUrl(theme, theme.LogoPath),
            CompanyName = theme.Manifest.CompanyName ?? themes.BuiltIn.Manifest.CompanyName,
            ScriptUrl = theme.HasScript ? AssetUrl(theme, "theme.js") : null,
            HasViewOverrides = theme.HasViews,
        };
    }

    private async Task<ErrorPageModel> BuildAsync(
        Theme theme, PageTexts texts, BrowserInfo browser, SignInError error, string correlationId, DateTimeOffset now, bool showDetail, bool preview, CancellationToken cancellationToken)
    {
        var manifest = theme.Manifest;
        var fallback = themes.BuiltIn.Manifest;
        return new ErrorPageModel
        {
            Code = error.DisplayCode,
            ErrorCode = error.Code,
            HttpStatus = error.HttpStatus,
            CorrelationId = correlationId,
            Timestamp = now,
            Detail = showDetail ? error.Detail : null,
            Texts = texts,
            Browser = browser,
            AcceptedIssuers = await AcceptedIssuersAsync(cancellationToken),
            GetCertificateUrl = WebUrl(manifest.Links.GetCertificateUrl),
            AuthenticatorAppStoreUrl = WebUrl(manifest.Links.AuthenticatorAppStoreUrl) ?? WebUrl(fallback.Links.AuthenticatorAppStoreUrl),
            HelpUrl = WebUrl(manifest.Links.HelpUrl),
            HelpDeskEmail = Plain(manifest.HelpDesk.Email),
            HelpDeskPhone = Plain(manifest.HelpDesk.Phone),
            HelpDeskHours = Plain(manifest.HelpDesk.Hours),
            IllustrationUrl = theme.IllustrationPath is null ? null : AssetUrl(theme, theme.IllustrationPath),
            IsPreview = preview,
        };
    }

    private PageTexts TextsFor(Theme theme, string acceptLanguage) =>
        new(theme, themes.BuiltIn, negotiator.Negotiate(acceptLanguage, AvailableLocales(theme), themeOptions.Value.DefaultLocale));

    private string[] AvailableLocales(Theme theme) =>
        [.. theme.Texts.Keys.Union(themes.BuiltIn.Texts.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    private async Task<IReadOnlyList<string>> AcceptedIssuersAsync(CancellationToken cancellationToken)
    {
        var list = await authorities.GetAuthoritiesAsync(cancellationToken);

        // Issuing (intermediate) CAs first: they are the names people see as "Issued by" on their certificate.
        return [.. list
            .OrderBy(a => a.AuthorityType == CertificateAuthorityType.IntermediateAuthority ? 0 : 1)
            .Select(a => a.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false))
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Distinct(StringComparer.Ordinal)];
    }

    private async Task<string?> RelyingPartyThemeAsync(HttpContext http, SignInError error, CancellationToken cancellationToken)
    {
        // The pipeline names the relying party when it knows it; on the certificate listener the sealed context does.
        var entityId = error.RelyingParty ?? contextProtector.Unprotect(http.Request.Query["context"].ToString() is { Length: > 0 } c ? c : null)?.RelyingParty;
        if (entityId is null)
        {
            return null;
        }

        var trust = await relyingParties.ResolveAsync(entityId, cancellationToken);
        return trust?.Theme;
    }

    private static string AssetUrl(Theme theme, string path) =>
        ThemeAssetsPrefix + Uri.EscapeDataString(theme.Name) + "/" + path + "?v=" + theme.Version;

    private static string? WebUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? url.AbsoluteUri : null;

    private static string? Plain(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
