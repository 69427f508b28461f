using Microsoft.Playwright;

namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>
/// Renders the main pages in a real browser (Debian's chromium, headless, through Playwright) via the preview route and
/// writes PNGs to <c>artifacts/screenshots/</c> for a person to look at. Asserts what a browser computes: the CSP
/// loads every stylesheet and image (no blocked resource), the page is not wider than a phone, and RTL is laid out RTL.
/// </summary>
public sealed class PageScreenshotTests(PagesServer server) : IClassFixture<PagesServer>
{
    private const string Chromium = "/usr/bin/chromium";

    public static TheoryData<string, string, string, string, string> Pages() => new()
    {
        { "caf1001-ios-safari-en", "CAF1001", "default", "en", "ios-safari" },
        { "caf1001-ios-webview-de", "CAF1001", "default", "de", "ios-webview" },
        { "caf1001-ios-old-en", "CAF1001", "default", "en", "ios-old" },
        { "caf1005-desktop-fr", "CAF1005", "default", "fr", "desktop" },
        { "caf1002-android-ar", "CAF1002", "default", "ar", "android-chrome" },
        { "caf1101-macos-en", "CAF1101", "default", "en", "macos-safari" },
        { "caf1202-desktop-en", "CAF1202", "default", "en", "desktop" },
        { "caf1301-desktop-de", "CAF1301", "default", "de", "desktop" },
        { "fabrikam-caf1001-ios-safari-en", "CAF1001", "fabrikam", "en", "ios-safari" },
        { "fabrikam-caf1003-desktop-ar", "CAF1003", "fabrikam", "ar", "desktop" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPages_RenderInChromium_AndAreSavedAsScreenshots(string name, string code, string theme, string locale, string browser)
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed for the screenshot tests: apt-get install -y chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var phone = browser.StartsWith("ios", StringComparison.Ordinal) || browser.StartsWith("android", StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await chromium.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            DeviceScaleFactor = 1,
        });
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add(request.Url);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add(response.Status + " " + response.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                failed.Add(message.Text);
            }
        };

        var url = new Uri(server.BaseUrl, $"/adfs/portal/preview?code={code}&theme={theme}&locale={locale}&browser={browser}");
        var response = await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(200, response!.Status);
        Assert.Empty(failed);
        Assert.Equal(code, await page.Locator("#error-code").TextContentAsync());
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= (phone ? 390 : 1280), $"the page is {scrollWidth}px wide");
        var direction = await page.EvaluateAsync<string>("getComputedStyle(document.body).direction");
        Assert.Equal(locale == "ar" ? "rtl" : "ltr", direction);
        var accent = await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()");
        Assert.Equal(theme == "fabrikam" ? "#00695c" : "#0b5cad", accent);

        var folder = Path.Combine(PagesServer.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
