using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Web.Browser;
using CertAuth.Federation.Web.Themes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Web.Pages;

/// <summary>
/// Builds what a page shows from the request: the theme (the one named, else the active one), the locale
/// (Accept-Language, or the one named), the browser class (User-Agent), and the trusted CAs' names. The layout data
/// (<see cref="PageChrome"/>) is also put in <c>HttpContext.Items</c>, where the view location expander finds the
/// theme's view overrides.
/// </summary>
public sealed class ThemedPageBuilder(
    ThemeCatalog themes,
    UserAgentClassifier classifier,
    LocaleNegotiator negotiator,
    ITrustedAuthoritySource authorities,
    ThemedPagesSettings settings,
    IOptions<ThemeOptions> themeOptions)
{
    /// <summary>The error page for a failure, in the named theme (null: the active one).</summary>
    /// <param name="http">The request (Accept-Language, User-Agent); the chrome is stored in its items.</param>
    /// <param name="request">The failure.</param>
    /// <param name="themeName">A theme name (a relying party's or a preview's), or null for the active theme.</param>
    /// <param name="locale">A locale to use instead of Accept-Language (previews), or null.</param>
    /// <param name="browser">A browser class to use instead of the User-Agent's (previews), or null.</param>
    /// <param name="cancellationToken">Cancels the CA look-up.</param>
    public async Task<ErrorPageModel> CreateErrorPageAsync(
        HttpContext http, ErrorPageRequest request, string? themeName, string? locale, BrowserInfo? browser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        var theme = themes.Resolve(themeName);
        var texts = TextsFor(theme, http, locale);
        http.Items[PageChrome.ViewDataKey] = CreateChrome(theme, texts);
        var manifest = theme.Manifest;
        var fallback = themes.BuiltIn.Manifest;
        return new ErrorPageModel
        {
            Code = request.Code,
            TextKey = texts.Find(request.Code + ".title") is null && request.FallbackTextKey is not null ? request.FallbackTextKey : request.Code,
            HttpStatus = request.HttpStatus,
            CorrelationId = request.CorrelationId,
            Timestamp = request.Timestamp,
            Detail = request.Detail,
            Texts = texts,
            Browser = browser ?? classifier.Classify(http.Request.Headers.UserAgent.ToString()),
            AcceptedIssuers = await AcceptedIssuersAsync(cancellationToken),
            IsCertificateProblem = request.IsCertificateProblem,
            GetCertificateUrl = WebUrl(manifest.Links.GetCertificateUrl),
            AuthenticatorAppStoreUrl = WebUrl(manifest.Links.AuthenticatorAppStoreUrl) ?? WebUrl(fallback.Links.AuthenticatorAppStoreUrl),
            HelpUrl = WebUrl(manifest.Links.HelpUrl),
            HelpDeskEmail = Plain(manifest.HelpDesk.Email),
            HelpDeskPhone = Plain(manifest.HelpDesk.Phone),
            HelpDeskHours = Plain(manifest.HelpDesk.Hours),
            IllustrationUrl = theme.IllustrationPath is null ? null : settings.ThemeAssetUrl(theme, theme.IllustrationPath),
            IsPreview = request.IsPreview,
        };
    }

    /// <summary>The layout data for a page that is not an error page (the auto-POST form), in the named or active theme.</summary>
    public PageChrome CreateChrome(HttpContext http, string? themeName = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var theme = themes.Resolve(themeName);
        var chrome = CreateChrome(theme, TextsFor(theme, http, locale: null));
        http.Items[PageChrome.ViewDataKey] = chrome;
        return chrome;
    }

    internal PageChrome CreateChrome(Theme theme, PageTexts texts)
    {
        var stylesheets = new List<string> { settings.SiteStylesheetPath, settings.ThemeAssetUrl(theme, "colors.css") };
        if (theme.HasStylesheet)
        {
            stylesheets.Add(settings.ThemeAssetUrl(theme, "theme.css"));
        }

        return new PageChrome
        {
            ThemeName = theme.Name,
            Texts = texts,
            Stylesheets = stylesheets,
            LogoUrl = theme.LogoPath is null ? null : settings.ThemeAssetUrl(theme, theme.LogoPath),
            CompanyName = theme.Manifest.CompanyName ?? themes.BuiltIn.Manifest.CompanyName,
            ScriptUrl = theme.HasScript ? settings.ThemeAssetUrl(theme, "theme.js") : null,
            HasViewOverrides = theme.HasViews,
        };
    }

    private PageTexts TextsFor(Theme theme, HttpContext http, string? locale)
    {
        var available = AvailableLocales(theme);
        var chosen = locale is not null && LocaleNames.IsValid(locale)
            ? negotiator.Negotiate(locale, available, themeOptions.Value.DefaultLocale)
            : negotiator.Negotiate(http.Request.Headers.AcceptLanguage.ToString(), available, themeOptions.Value.DefaultLocale);
        return new PageTexts(theme, themes.BuiltIn, chosen);
    }

    private string[] AvailableLocales(Theme theme) =>
        [.. theme.Texts.Keys.Union(themes.BuiltIn.Texts.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    private async Task<IReadOnlyList<string>> AcceptedIssuersAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<TrustedCertificateAuthority> list;
        try
        {
            list = await authorities.GetAuthoritiesAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The list is informational: an error page (e.g. "database unavailable", issue 13) still renders without it.
            return [];
        }

        // Issuing (intermediate) CAs first: they are the names people see as "Issued by" on their certificate.
        return [.. list
            .OrderBy(a => a.AuthorityType == CertificateAuthorityType.IntermediateAuthority ? 0 : 1)
            .Select(a => a.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false))
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Distinct(StringComparer.Ordinal)];
    }

    private static string? WebUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? url.AbsoluteUri : null;

    private static string? Plain(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
