using Microsoft.Playwright;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>The whole chain with WS-Federation between the token service and the federation server.</summary>
public sealed class WsFederationSampleAppFixture : SampleAppFixture
{
    protected override bool UseWsFederation => true;
}

/// <summary>
/// A person in chromium: sample app -> token service -> federation server with <c>wa=wsignin1.0</c> -> certificate ->
/// the auto-posted <c>wresult</c> (a signed SAML 1.1 assertion) at the token service's <c>/wsfed</c> -> code -> tokens;
/// the refresh is refused once alice's certificate is revoked, exactly as with SAML 2.0.
/// </summary>
public sealed class WsFederationBrowserSignInTests(WsFederationSampleAppFixture server) : IClassFixture<WsFederationSampleAppFixture>
{
    [Fact]
    public async Task Alice_SignsInOverWsFederation_SeesHerCertificate_AndRefreshIsRefusedAfterRevocation()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        var page = await server.NewPageAsync(alice);
        string? signInUrl = null;
        string? wsfedPost = null;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("wa=wsignin1.0", StringComparison.Ordinal))
            {
                signInUrl ??= request.Url;
            }

            if (request.Method == "POST" && request.Url.EndsWith("/wsfed", StringComparison.Ordinal))
            {
                wsfedPost = request.PostData;
            }
        };

        await page.GotoAsync(server.SampleAppUrl.AbsoluteUri);
        await page.Locator("#signin").ClickAsync();
        await page.Locator("#user, #error-code").First.WaitForAsync();
        Assert.True(await page.Locator("#user").CountAsync() == 1, "the WS-Federation sign-in ended on an error page: " + await page.ContentAsync());

        Assert.NotNull(signInUrl);
        Assert.StartsWith(server.SingleSignOnUrl.AbsoluteUri, signInUrl, StringComparison.Ordinal);
        Assert.Contains("wtrealm=" + Uri.EscapeDataString(server.TokenServiceEntityId), signInUrl, StringComparison.Ordinal);
        Assert.NotNull(wsfedPost);
        var form = System.Web.HttpUtility.ParseQueryString(wsfedPost);
        Assert.Equal("wsignin1.0", form["wa"]);
        Assert.Contains("urn:oasis:names:tc:SAML:1.0:assertion", form["wresult"], StringComparison.Ordinal);
        Assert.Contains(alice.SerialNumber, form["wresult"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(form["wctx"]));

        Assert.Equal("alice@contoso.com", await page.Locator("#upn").TextContentAsync());
        Assert.Equal(alice.SerialNumber, await page.Locator("#serialnumber").TextContentAsync());
        Assert.Equal(alice.Issuer, await page.Locator("#issuer").TextContentAsync());
        Assert.Equal("present", await page.Locator("#has-refresh-token").TextContentAsync());
        await SampleAppFixture.ScreenshotAsync(page, "wsfed-alice-signed-in");

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.Locator("#refresh").ClickAsync();
        await page.Locator("#message.ok").WaitForAsync();

        await server.RevokeAsync(alice);
        await page.Locator("#refresh").ClickAsync();
        await page.Locator("#message.error").WaitForAsync();
        Assert.Equal("invalid_grant", await page.Locator("#error-code").TextContentAsync());
        Assert.StartsWith("CAT500171", await page.Locator("#error-description").TextContentAsync(), StringComparison.Ordinal);
        await SampleAppFixture.ScreenshotAsync(page, "wsfed-alice-refresh-refused-revoked");
        await page.Context.CloseAsync();
    }
}
