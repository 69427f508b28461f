namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>The certificate pages tell each browser class what to do; iOS always hears about Microsoft Authenticator.</summary>
public sealed class BrowserGuidanceTests(PagesServer server) : IClassFixture<PagesServer>
{
    [Theory]
    [InlineData("CAF1001", "ios-safari", "en")]
    [InlineData("CAF1001", "ios-webview", "de")]
    [InlineData("CAF1003", "ios-webview", "fr")]
    [InlineData("CAF1002", "ios-safari", "ar")]
    public async Task Ios_SaysAuthenticatorIsRequired_WithTheAppStoreLink(string code, string browser, string locale)
    {
        var (_, page) = await server.PreviewAsync(code, locale: locale, browser: browser);

        Assert.Equal(browser, page.QuerySelector("#browser-guidance")!.GetAttribute("data-browser"));
        Assert.Contains(ThemeTexts.Get(locale, "browser.ios.authenticator"), page.QuerySelector("#authenticator-required")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://apps.apple.com/app/microsoft-authenticator/id983156458", page.QuerySelector("#authenticator-link")!.GetAttribute("href"));
        Assert.Contains(ThemeTexts.Get(locale, "browser." + browser + ".text"), page.QuerySelector("#browser-guidance")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IosWebView_ExplainsHowTheCertificateReachesTheApp()
    {
        var (_, page) = await server.PreviewAsync("CAF1001", locale: "en", browser: "ios-webview");

        var text = page.QuerySelector("#browser-guidance")!.TextContent;
        Assert.Contains("provisioned to this device", text, StringComparison.Ordinal);
        Assert.Contains("Exchange profile", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OldIos_IsToldItIsUnsupported_OnEveryPage()
    {
        var (_, certificatePage) = await server.PreviewAsync("CAF1001", locale: "en", browser: "ios-old");
        var (_, requestPage) = await server.PreviewAsync("CAF1202", locale: "en", browser: "ios-old");

        foreach (var page in new[] { certificatePage, requestPage })
        {
            Assert.Equal("ios-unsupported", page.QuerySelector("#browser-guidance")!.GetAttribute("data-browser"));
            Assert.Null(page.QuerySelector("#authenticator-link"));
        }
    }

    [Theory]
    [InlineData("android-chrome")]
    [InlineData("android-webview")]
    [InlineData("macos-safari")]
    [InlineData("desktop")]
    [InlineData("unknown")]
    public async Task OtherBrowsers_GetTheirOwnGuidance_WithoutAuthenticator(string browser)
    {
        var (_, page) = await server.PreviewAsync("CAF1001", locale: "en", browser: browser);

        Assert.Equal(browser, page.QuerySelector("#browser-guidance")!.GetAttribute("data-browser"));
        Assert.Contains(ThemeTexts.Get("en", "browser." + browser + ".text"), page.QuerySelector("#browser-guidance")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#authenticator-required"));
    }
}
