using System.Net;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Pages;

/// <summary>The themed pages over the real TLS certificate listener (built-in default theme, no themes folder).</summary>
public sealed class CertificateErrorPageTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    private const string IPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
    private const string OutlookIos = "Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Outlook-iOS/4.2228.0";

    private string IdpInitiatedUrl(string relayState = "") => new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp="
        + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId) + (relayState.Length == 0 ? "" : "&RelayState=" + Uri.EscapeDataString(relayState))).AbsoluteUri;

    [Fact]
    public async Task AnIPhoneWithoutACertificate_SeesTheAuthenticatorGuidance_InGerman()
    {
        using var client = server.CreateClient(clientCertificate: null, userAgent: IPhoneSafari);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9,en;q=0.5");

        using var response = await server.FollowAsync(client, IdpInitiatedUrl());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("CAF1001", page.QuerySelector("#error-code")!.TextContent);
        Assert.Equal(ThemeTexts.Get("de", "CAF1001.title"), page.QuerySelector("h1")!.TextContent);
        Assert.Equal("ios-safari", page.QuerySelector("#browser-guidance")!.GetAttribute("data-browser"));
        Assert.Contains(ThemeTexts.Get("de", "browser.ios.authenticator"), page.QuerySelector("#authenticator-required")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#authenticator-link[href^='https://apps.apple.com/']"));
        Assert.NotEmpty(page.QuerySelectorAll("#accepted-issuers li"));
    }

    [Fact]
    public async Task OutlookOnIos_WithARevokedCertificate_GetsTheWebViewGuidance()
    {
        using var client = server.CreateClient(server.Pki.Carol, OutlookIos);

        using var response = await server.FollowAsync(client, IdpInitiatedUrl());

        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("CAF1005", page.QuerySelector("#error-code")!.TextContent);
        Assert.Equal("ios-webview", page.QuerySelector("#browser-guidance")!.GetAttribute("data-browser"));
        Assert.Null(page.QuerySelector("#error-detail"));
    }

    [Fact]
    public async Task RelayStateWithMarkup_IsEncodedInTheAutoPostForm()
    {
        const string relayState = "\"><script>alert(1)</script>";
        using var client = server.CreateClient(server.Pki.Alice);

        using var response = await server.FollowAsync(client, IdpInitiatedUrl(relayState));

        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        var page = await SignInPage.ReadAsync(response);
        Assert.Equal(relayState, page.Fields["RelayState"]);
    }

    [Fact]
    public async Task Preview_IsNotFound_OutsideDevelopment_WithoutEnablePreview()
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/portal/preview?code=CAF1001"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
