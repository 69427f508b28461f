using Microsoft.Playwright;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>The federation server (test kit) with its admin pages on (<c>Federation:EnablePreview</c>) and one headless chromium.</summary>
public sealed class AdminPagesBrowserFixture : Testing.FederationServerFixture
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Assert.True(File.Exists(SampleAppFixture.ChromiumPath), "Debian's chromium is needed for the browser tests (./test.sh installs it): apt-get install -y chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await base.InitializeAsync();
        await AddUserAsync("alice@contoso.com", email: "alice@contoso.com", displayName: "Alice Anders");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = SampleAppFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Federation:EnablePreview"] = "true";
    }
}

/// <summary>
/// The revocation status admin page (issue 15) in chromium, under the pages' real CSP: the table, "refresh all"
/// (a real form POST with the antiforgery token, redirected back with a notice) and the explain form.
/// </summary>
public sealed class CrlStatusPageBrowserTests(AdminPagesBrowserFixture server) : IClassFixture<AdminPagesBrowserFixture>
{
    [Fact]
    public async Task Admin_SeesTheCrlTable_RefreshesAll_AndExplainsACertificate()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(server.PublicUrl, "adfs/portal/preview/crl-status").AbsoluteUri);
        await page.Locator("#crl-status tbody tr").First.WaitForAsync();
        Assert.Equal(2, await page.Locator("#crl-status tbody tr[data-kind=base]").CountAsync());
        Assert.DoesNotContain("-", await page.Locator("#crl-status tbody tr[data-kind=base] td.crl-number").First.TextContentAsync() ?? "-", StringComparison.Ordinal);

        await page.Locator("#refresh-all button").ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        Assert.Contains("every CA", await page.Locator("#notice").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);

        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        await page.Locator("#pem").FillAsync(alice.ExportCertificatePem());
        await page.Locator("#explain-form button").ClickAsync();
        await page.Locator("#outcome").WaitForAsync();
        Assert.Equal("OK", await page.Locator("#outcome").GetAttributeAsync("data-code"));

        await SampleAppFixture.ScreenshotAsync(page, "admin-crl-status");
        await context.CloseAsync();
    }
}
