namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>A person in chromium: SAML sample -> federation server -> certificate -> SAML token posted to the sample's ACS.</summary>
public sealed class SamlSampleSignInTests(SamlSampleFixture server) : IClassFixture<SamlSampleFixture>
{
    [Fact]
    public async Task Alice_SignsInToTheSamlSample_AndItShowsHerCertificateFromTheValidatedToken()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        var page = await server.NewPageAsync(alice);

        await page.GotoAsync(server.SampleUrl.AbsoluteUri);
        await page.Locator("#signin").ClickAsync();
        await page.Locator("#nameid, #error-code").First.WaitForAsync();

        Assert.Equal(0, await page.Locator("#error-code").CountAsync());
        Assert.Equal(server.SampleUrl.GetLeftPart(UriPartial.Authority), new Uri(page.Url).GetLeftPart(UriPartial.Authority));
        Assert.Equal(alice.SerialNumber, await page.Locator("#serialnumber").TextContentAsync());
        Assert.Equal(alice.Issuer, await page.Locator("#issuer").TextContentAsync());
        Assert.Contains("alice@contoso.com", await page.Locator("#claims").TextContentAsync(), StringComparison.Ordinal);
        await SampleAppFixture.ScreenshotAsync(page, "saml-sample-alice");

        // The session is the sample's own cookie: a reload keeps it, sign-out ends it.
        await page.ReloadAsync();
        Assert.Equal(alice.SerialNumber, await page.Locator("#serialnumber").TextContentAsync());
        await page.Locator("#signout").ClickAsync();
        await page.Locator("#signed-out").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Carol_WhoseCertificateIsRevoked_NeverReachesTheAcs()
    {
        var carol = server.IssueUserCertificate("carol", upn: "carol@contoso.com");
        await server.RevokeAsync(carol);
        var page = await server.NewPageAsync(carol);

        await page.GotoAsync(new Uri(server.SampleUrl, "signin").AbsoluteUri);
        await page.Locator("#error-code").WaitForAsync();

        Assert.Equal("CAF1005", (await page.Locator("#error-code").TextContentAsync())?.Trim());
        Assert.NotEqual(server.SampleUrl.GetLeftPart(UriPartial.Authority), new Uri(page.Url).GetLeftPart(UriPartial.Authority));
        await page.Context.CloseAsync();
    }
}
