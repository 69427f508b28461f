using Microsoft.Playwright;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// A person in chromium: sample app (ASP.NET Core's OpenID Connect handler) -> token service -> federation server ->
/// certificate -> back; the session's certificate comes from the token service's userinfo endpoint.
/// </summary>
public sealed class SampleAppSignInTests(SampleAppFixture server) : IClassFixture<SampleAppFixture>
{
    private const string IphoneWebView =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";

    [Fact]
    public async Task Alice_SignsInThroughTheSampleApp_AndSeesHerClaims()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        var page = await server.NewPageAsync(alice);

        await SignInAsync(page);

        Assert.Equal("Alice Anders", await page.Locator("#user").TextContentAsync());
        Assert.Equal("alice@contoso.com", await page.Locator("#upn").TextContentAsync());
        Assert.Contains("x509", await page.Locator("#amr").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("alice@contoso.com", await page.Locator("#claims").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(alice.SerialNumber, await page.Locator("#serialnumber").TextContentAsync());
        Assert.Equal(alice.Issuer, await page.Locator("#issuer").TextContentAsync());
        Assert.Equal("present", await page.Locator("#has-refresh-token").TextContentAsync());
        await SampleAppFixture.ScreenshotAsync(page, "alice-signed-in");

        var before = await page.Locator("#access-token-expires").TextContentAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        await page.Locator("#refresh").ClickAsync();
        await page.Locator("#message.ok").WaitForAsync();
        Assert.NotEqual(before, await page.Locator("#access-token-expires").TextContentAsync());
        Assert.Equal(alice.SerialNumber, await page.Locator("#serialnumber").TextContentAsync());

        // The refreshed session is kept in the cookie: a reload still shows alice with the new expiry.
        await page.ReloadAsync();
        Assert.Equal("Alice Anders", await page.Locator("#user").TextContentAsync());
        await SampleAppFixture.ScreenshotAsync(page, "alice-refreshed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutACertificate_TheFederationServersErrorPageShows()
    {
        var page = await server.NewPageAsync(certificate: null);

        var code = await SignInToErrorPageAsync(page);

        Assert.Equal("CAF1001", code);
        await SampleAppFixture.ScreenshotAsync(page, "no-certificate");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Carol_WhoseCertificateIsRevoked_SeesTheRevokedPage()
    {
        var carol = server.IssueUserCertificate("carol", upn: "carol@contoso.com");
        await server.RevokeAsync(carol);
        var page = await server.NewPageAsync(carol);

        Assert.Equal("CAF1005", await SignInToErrorPageAsync(page));
        await SampleAppFixture.ScreenshotAsync(page, "carol-revoked");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Mallory_FromAnUntrustedCa_SeesTheUntrustedPage()
    {
        var mallory = server.IssueUntrustedCertificate("mallory", upn: "mallory@contoso.com");
        var page = await server.NewPageAsync(mallory);

        var code = await SignInToErrorPageAsync(page);

        Assert.Equal("CAF1002", code);
        await SampleAppFixture.ScreenshotAsync(page, "mallory-untrusted");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnIphoneWebView_IsToldAboutMicrosoftAuthenticator()
    {
        var page = await server.NewPageAsync(certificate: null, userAgent: IphoneWebView);

        await SignInToErrorPageAsync(page);

        Assert.Equal("ios-webview", await page.Locator("#browser-guidance").GetAttributeAsync("data-browser"));
        Assert.True(await page.Locator("#authenticator-required").IsVisibleAsync());
        await SampleAppFixture.ScreenshotAsync(page, "iphone-webview");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Refresh_IsRefused_AfterAlicesCertificateIsRevoked()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        var page = await server.NewPageAsync(alice);
        await SignInAsync(page);

        await server.RevokeAsync(alice);
        await page.Locator("#refresh").ClickAsync();

        await page.Locator("#message.error").WaitForAsync();
        Assert.Equal("invalid_grant", await page.Locator("#error-code").TextContentAsync());
        Assert.StartsWith("CAT500171", await page.Locator("#error-description").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#signed-out").IsVisibleAsync());
        await SampleAppFixture.ScreenshotAsync(page, "alice-refresh-refused-revoked");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Refresh_IsRefused_AfterBobsSessionsAreRevoked()
    {
        var bob = server.IssueUserCertificate("bob", upn: "bob@contoso.com");
        var page = await server.NewPageAsync(bob);
        await SignInAsync(page);

        await server.RevokeSessionsAsync("bob@contoso.com");
        await page.Locator("#refresh").ClickAsync();

        await page.Locator("#message.error").WaitForAsync();
        Assert.Equal("invalid_grant", await page.Locator("#error-code").TextContentAsync());
        Assert.StartsWith("CAT50173", await page.Locator("#error-description").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#signed-out").IsVisibleAsync());
        await SampleAppFixture.ScreenshotAsync(page, "bob-refresh-refused-sessions");
        await page.Context.CloseAsync();
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(server.SampleAppUrl.AbsoluteUri);
        await page.Locator("#signin").ClickAsync();

        // The chain auto-posts and redirects several times; wait for where it ends, not for each hop.
        await page.Locator("#user, #error-code").First.WaitForAsync();
        if (await page.Locator("#user").CountAsync() == 0)
        {
            Assert.Fail("The sign-in ended on an error page: " + page.Url + " " + await page.Locator("#error-code").First.TextContentAsync());
        }
    }

    /// <summary>Starts the sign-in at the sample app and returns the error code of the page it ends on.</summary>
    private async Task<string?> SignInToErrorPageAsync(IPage page)
    {
        await page.GotoAsync(new Uri(server.SampleAppUrl, "signin").AbsoluteUri);
        await page.Locator("#error-code").WaitForAsync();
        return (await page.Locator("#error-code").TextContentAsync())?.Trim();
    }
}
