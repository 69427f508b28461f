using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CertAuth.Federation.TokenService.Endpoints;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Tests.TestKit;
using CertAuth.Federation.Web.Themes;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

/// <summary>
/// The token service's own pages for people (before a redirect_uri is validated, and at the ACS) are the themed,
/// localized Razor pages of the federation server: same theme, texts per <c>CAT</c> code, locale from Accept-Language,
/// strict CSP, plain text encoded.
/// </summary>
public sealed class ErrorPageTests : IAsyncLifetime
{
    /// <summary>Every code a person can see on a token-service page (the others go to the client as protocol errors).</summary>
    public static readonly TheoryData<TokenErrorCode> PageCodes = new(
        TokenErrorCode.InvalidRequest, TokenErrorCode.RequestTooLarge, TokenErrorCode.UnknownClient, TokenErrorCode.RedirectUriMismatch,
        TokenErrorCode.SamlInvalid, TokenErrorCode.SamlUntrustedIssuer, TokenErrorCode.SamlSignatureInvalid, TokenErrorCode.SamlWrongAudience,
        TokenErrorCode.SamlNotTimeValid, TokenErrorCode.SamlNoPendingRequest, TokenErrorCode.SamlReplay, TokenErrorCode.SamlStatusNotSuccess,
        TokenErrorCode.SamlNoUser, TokenErrorCode.UserDisabled, TokenErrorCode.Throttled, TokenErrorCode.CertificateClaimsMissing,
        TokenErrorCode.UnsolicitedPublicClient);

    private static readonly string[] Locales = ["en", "de", "fr", "ar"];
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync(settings => settings["TokenService:ShowErrorDetails"] = "true");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(PageCodes))]
    public void EveryPageCode_HasItsOwnTexts_InEveryBuiltInLocale(TokenErrorCode code)
    {
        var builtIn = _host.Services.GetRequiredService<ThemeCatalog>().BuiltIn;
        var display = new TokenError(code, "x").DisplayCode;
        foreach (var locale in Locales)
        {
            foreach (var part in new[] { "title", "happened", "todo" })
            {
                Assert.True(builtIn.Texts[locale].TryGetValue(display + "." + part, out var text) && text.Length > 0, $"{locale}: {display}.{part} missing");
            }
        }
    }

    [Fact]
    public async Task UnknownClient_RendersTheThemedPage_WithCodeCorrelationAndStrictHeaders()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(clientId: "nobody", challenge: OAuthFlow.Challenge()));
        var page = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("default", page.Body!.GetAttribute("data-theme"));
        Assert.Equal("This application is not registered", page.GetElementById("error-title")!.TextContent.Trim());
        Assert.Equal("CAT700016", page.GetElementById("error-code")!.TextContent);
        Assert.Matches("^[0-9a-f]{32}$", page.GetElementById("correlation-id")!.TextContent);
        Assert.NotNull(page.GetElementById("help-desk"));
        Assert.Null(page.GetElementById("browser-guidance"));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task PageStylesheets_AreServedByTheTokenService()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(clientId: "nobody", challenge: OAuthFlow.Challenge()));
        var page = await ParseAsync(response);
        var stylesheets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();

        Assert.Equal(ErrorPage.AssetsBasePath + "site.css", stylesheets[0]);
        Assert.StartsWith(ErrorPage.AssetsBasePath + "themes/default/colors.css?v=", stylesheets[1], StringComparison.Ordinal);
        foreach (var href in stylesheets)
        {
            using var css = await _host.Client.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        }
    }

    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.5", "de", "ltr", "Die Rücksprungadresse der Anwendung ist nicht registriert")]
    [InlineData("fr-CH, fr;q=0.9", "fr", "ltr", "L'adresse de retour de l'application n'est pas enregistrée")]
    [InlineData("ar", "ar", "rtl", "عنوان العودة الخاص بالتطبيق غير مسجَّل")]
    [InlineData("ja-JP", "en", "ltr", "The application's return address is not registered")]
    public async Task AcceptLanguage_ChoosesTheLocale_WithEnglishAsFallback(string acceptLanguage, string lang, string dir, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, OAuthFlow.AuthorizeUrl(redirectUri: "https://evil.test/cb", challenge: OAuthFlow.Challenge()));
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await _host.Client.SendAsync(request);
        var page = await ParseAsync(response);

        Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(dir, page.DocumentElement.GetAttribute("dir"));
        Assert.Equal(title, page.GetElementById("error-title")!.TextContent.Trim());
        Assert.Equal("CAT50011", page.GetElementById("error-code")!.TextContent);
    }

    [Fact]
    public async Task RefusedSamlResponse_AtTheAcs_IsAThemedPageWithItsCode()
    {
        using var response = await _host.Client.PostAsync("/saml2/acs", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["SAMLResponse"] = Convert.ToBase64String("<not-saml/>"u8.ToArray()),
        }));
        var page = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var code = page.GetElementById("error-code")!.TextContent;
        Assert.StartsWith("CAT", code, StringComparison.Ordinal);
        var title = page.GetElementById("error-title")!.TextContent.Trim();
        Assert.DoesNotContain(".title", title, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(page.GetElementById("error-todo")!.TextContent));
    }

    [Fact]
    public async Task RequestValues_InTheAdminDetail_AreEncoded_NeverMarkup()
    {
        // A repeated parameter's name is echoed in the admin detail (ShowErrorDetails is on in this host).
        var url = OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()) + "&%3Cimg%20src%3Dx%3E=1&%3Cimg%20src%3Dx%3E=2";
        using var response = await _host.Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);

        Assert.Equal("CAT900144", page.GetElementById("error-code")!.TextContent);
        Assert.Contains("<img src=x>", page.GetElementById("error-detail")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main img:not(.illustration)"));
        Assert.DoesNotContain("<img src=x>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AThemeWrittenToDisk_AndMadeActive_ChangesThePage_WithoutARestart()
    {
        var themes = Path.Combine(_host.Folder, "themes");
        var acme = Path.Combine(themes, "acme");
        Directory.CreateDirectory(Path.Combine(acme, "texts"));
        await File.WriteAllTextAsync(Path.Combine(acme, "theme.json"), """
            { "name": "acme", "companyName": "Acme <Corp>", "colors": { "accent": "#0b5394" } }
            """);
        await File.WriteAllTextAsync(Path.Combine(acme, "texts", "en.json"), """
            { "CAT700016.title": "Acme does not know this app <b>" }
            """);
        await File.WriteAllTextAsync(Path.Combine(themes, ThemeOptions.ActiveFileName), """{ "active": "acme" }""");

        IDocument? page = null;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(clientId: "nobody", challenge: OAuthFlow.Challenge()));
            page = await ParseAsync(response);
            if (page.Body!.GetAttribute("data-theme") == "acme")
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The active theme did not change within 90 s.");
            _host.Clock.Advance(ThemeCatalog.RecheckInterval);
            await Task.Delay(100);
        }

        Assert.Equal("Acme does not know this app <b>", page.GetElementById("error-title")!.TextContent.Trim());
        Assert.Equal("Acme <Corp>", page.QuerySelector("header .company")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("#error-title b"));

        // A text the theme does not translate comes from the built-in theme.
        Assert.Equal("The application you came from is unknown to the sign-in service, or it has been disabled.", page.GetElementById("error-happened")!.TextContent);
    }

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }
}
