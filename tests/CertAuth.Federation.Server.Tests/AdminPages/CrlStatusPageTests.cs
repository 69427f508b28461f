using System.Net;
using AngleSharp.Html.Parser;
using CertAuth.Federation.Server.Pages;
using CertAuth.Federation.Server.Tests.Hardening;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage.Revocation;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.AdminPages;

/// <summary>
/// The revocation status admin page (issue 15) on the real server: the table against the loopback CRL server's CRLs,
/// the explain form, antiforgery and bad input.
/// </summary>
public sealed class CrlStatusPageTests(AdminPagesHarness server) : IClassFixture<AdminPagesHarness>
{
    [Fact]
    public async Task Table_ShowsEachCasBaseAndDeltaCrl_AsServedByTheCrlServer()
    {
        using var client = server.CreateClient();

        var page = await server.GetPageUntilAsync(client, p => p.Document.QuerySelectorAll("#crl-status td.crl-number").All(c => c.TextContent != "-"));

        // The harness publishes issuing CRL #1 (carol revoked), issuing delta #2 and root CRL #1; thisUpdate is
        // 10 minutes (delta: 5) before the FakeTimeProvider's start, and the clock has not moved in this class.
        var now = server.Clock.GetUtcNow();
        var issuing = page.Row("/issuing.crl");
        Assert.Equal("base", AdminPage.Cell(issuing, "kind"));
        Assert.Equal("1", AdminPage.Cell(issuing, "crl-number"));
        Assert.Equal("1", AdminPage.Cell(issuing, "entries"));
        var thisUpdate = server.Pki.Now.AddMinutes(-10);
        Assert.Equal(CrlStatusPageModel.Instant(thisUpdate), AdminPage.Cell(issuing, "this-update"));
        Assert.Equal(CrlStatusPageModel.Instant(server.Pki.Now.AddDays(7)), AdminPage.Cell(issuing, "next-update"));
        var age = (long)(now - thisUpdate).TotalSeconds;
        Assert.Equal(age.ToString(System.Globalization.CultureInfo.InvariantCulture), issuing.QuerySelector("td.age")!.GetAttribute("data-seconds"));
        Assert.Equal(CrlStatusPageModel.FormatAge(age), AdminPage.Cell(issuing, "age"));
        Assert.StartsWith("ok at ", AdminPage.Cell(issuing, "result"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, AdminPage.Cell(issuing, "last-error"));
        var validity = server.Pki.Now.AddDays(7) - thisUpdate;
        Assert.Equal(CrlStatusPageModel.Instant(thisUpdate + (validity * 0.8)), AdminPage.Cell(issuing, "next-refresh"));
        Assert.NotNull(issuing.QuerySelector("form.refresh-one input[name=id]"));

        var delta = page.Row("/issuing-delta.crl");
        Assert.Equal("delta", AdminPage.Cell(delta, "kind"));
        Assert.Equal(issuing.GetAttribute("data-ca"), delta.GetAttribute("data-ca"));
        Assert.Equal("2", AdminPage.Cell(delta, "crl-number"));
        Assert.Equal("0", AdminPage.Cell(delta, "entries"));
        Assert.Equal(CrlStatusPageModel.Instant(server.Pki.Now.AddMinutes(-5)), AdminPage.Cell(delta, "this-update"));
        Assert.Equal(CrlStatusPageModel.Instant(server.Pki.Now.AddDays(1)), AdminPage.Cell(delta, "next-update"));

        var root = page.Row("/root.crl");
        Assert.Equal("1", AdminPage.Cell(root, "crl-number"));
        Assert.Equal("0", AdminPage.Cell(root, "entries"));
        Assert.Equal(3, page.Document.QuerySelectorAll("#crl-status tbody tr").Length);
        Assert.False(string.IsNullOrEmpty(page.Token));
    }

    [Fact]
    public async Task Explain_ARevokedCertificate_ShowsCaf1005AndTheCrlNumber()
    {
        using var client = server.CreateClient();
        var page = await server.GetPageAsync(client);

        using var response = await AdminPagesHarness.PostAsync(client, new Uri(server.PublicUrl, "/adfs/portal/preview/explain"), page,
            ("pem", server.Pki.Carol.ExportCertificatePem()), ("relyingParty", FederationServerHarness.RelyingPartyId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("CAF1005", document.QuerySelector("#outcome")!.GetAttribute("data-code"));
        Assert.Equal("FAIL", document.QuerySelector("#explain-steps tr[data-step=revocation]")!.GetAttribute("data-verdict"));
        var issuingId = page.Row("/issuing.crl").GetAttribute("data-ca");
        var crl = document.QuerySelectorAll("#explain-crl tbody tr").Single(r => r.GetAttribute("data-ca") == issuingId && r.Children[1].TextContent == "client");
        Assert.Equal("Revoked", crl.QuerySelector("td.status")!.TextContent);
        Assert.Equal("1", crl.QuerySelector("td.crl-number")!.TextContent);
        Assert.Contains("carol@contoso.com", document.QuerySelector("#user")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_AliceWouldSignIn()
    {
        using var client = server.CreateClient();
        var page = await server.GetPageAsync(client);

        using var response = await AdminPagesHarness.PostAsync(client, new Uri(server.PublicUrl, "/adfs/portal/preview/explain"), page,
            ("pem", server.Pki.Alice.ExportCertificatePem()), ("relyingParty", FederationServerHarness.RelyingPartyId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("OK", document.QuerySelector("#outcome")!.GetAttribute("data-code"));
        Assert.NotNull(document.QuerySelector("#explain-claims"));
    }

    /// <summary>A private key made now (never committed): pasting one must be refused, not echoed.</summary>
    private static string GeneratedPrivateKeyPem()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static TheoryData<string, string> BadPem => new()
    {
        { "private-key", GeneratedPrivateKeyPem() },
        { "too-large", "-----BEGIN CERTIFICATE-----\n" + new string('A', AdminPagesController.MaxPemChars) + "\n-----END CERTIFICATE-----\n" },
        { "not-a-certificate", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n" },
        { "empty", "   " },
    };

    [Theory]
    [MemberData(nameof(BadPem))]
    public async Task Explain_BadInput_Is400WithAMessage_Never500(string name, string pem)
    {
        using var client = server.CreateClient();
        var page = await server.GetPageAsync(client);

        using var response = await AdminPagesHarness.PostAsync(client, new Uri(server.PublicUrl, "/adfs/portal/preview/explain"), page, ("pem", pem));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var message = document.QuerySelector("#explain-error")!.TextContent;
        Assert.False(string.IsNullOrWhiteSpace(message), name);
        if (name == "private-key")
        {
            Assert.Contains("private key", message, StringComparison.Ordinal);
            Assert.DoesNotContain("MIIBVQ", document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Posts_WithoutAntiforgeryToken_Are400()
    {
        using var client = server.CreateClient();

        using var refresh = await AdminPagesHarness.PostAsync(client, new Uri(server.PageUrl + "/refresh"), page: null);
        using var explain = await AdminPagesHarness.PostAsync(client, new Uri(server.PublicUrl, "/adfs/portal/preview/explain"), page: null, ("pem", server.Pki.Alice.ExportCertificatePem()));

        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, explain.StatusCode);
    }

    [Fact]
    public async Task RefreshOfAnUnknownCa_RedirectsWithTheRefusalCode()
    {
        using var client = server.CreateClient();
        var page = await server.GetPageAsync(client);

        using var response = await AdminPagesHarness.PostAsync(client, new Uri(server.PageUrl + "/refresh"), page, ("id", "NO-SUCH-CA"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = await server.GetPageAsync(client, AdminPagesHarness.QueryOf(response.Headers.Location!));
        Assert.Contains("CAA", back.Document.QuerySelector("#error")!.TextContent, StringComparison.Ordinal);
    }
}

/// <summary>"Refresh now": the loopback CRL server publishes a new CRL, the page's POST asks for a refresh, the page then shows it.</summary>
public sealed class CrlStatusRefreshTests(AdminPagesHarness server) : IClassFixture<AdminPagesHarness>
{
    [Fact]
    public async Task RefreshNow_ThenTheRefreshRuns_ThePageShowsTheNewCrlNumber()
    {
        using var client = server.CreateClient();
        server.Clock.Advance(TimeSpan.FromHours(1));
        var page = await server.GetPageUntilAsync(client, p => AdminPage.Cell(p.Row("/issuing.crl"), "crl-number") != "-");
        var issuing = page.Row("/issuing.crl");
        Assert.Equal("1", AdminPage.Cell(issuing, "crl-number"));
        Assert.Equal("1h10m", AdminPage.Cell(issuing, "age"));
        var id = issuing.GetAttribute("data-ca")!;

        server.Crls.Publish("issuing.crl", server.Pki.IssuingCrl(7, server.Pki.Carol, server.Pki.Frank));
        using var response = await AdminPagesHarness.PostAsync(client, new Uri(server.PageUrl + "/refresh"), page, ("id", id));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AdminPagesController.Path + "?refreshed=" + Uri.EscapeDataString(id), response.Headers.Location!.OriginalString);
        var redirected = await server.GetPageAsync(client, AdminPagesHarness.QueryOf(response.Headers.Location));
        Assert.Contains(id, redirected.Document.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);

        // The watcher's round (its background loop waits on the FakeTimeProvider, so the test runs the round itself).
        await server.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);

        var after = await server.GetPageUntilAsync(client, p => AdminPage.Cell(p.Row("/issuing.crl"), "crl-number") == "7");

        var row = after.Row("/issuing.crl");
        Assert.Equal("7", AdminPage.Cell(row, "crl-number"));
        Assert.Equal("2", AdminPage.Cell(row, "entries"));
    }

    [Fact]
    public async Task RefreshAll_RedirectsWithTheNotice()
    {
        using var client = server.CreateClient();
        var page = await server.GetPageAsync(client);

        using var response = await AdminPagesHarness.PostAsync(client, new Uri(server.PageUrl + "/refresh"), page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = await server.GetPageAsync(client, AdminPagesHarness.QueryOf(response.Headers.Location!));
        Assert.Contains("every CA", back.Document.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
    }
}

/// <summary>With the admin pages off (not Development, no <c>Federation:EnablePreview</c>) every route is 404.</summary>
public sealed class CrlStatusPageOffTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task PageAndPosts_Are404()
    {
        using var client = server.CreateClient();

        using var get = await client.GetAsync(new Uri(server.PublicUrl, AdminPagesController.Path));
        using var refresh = await AdminPagesHarness.PostAsync(client, new Uri(server.PublicUrl, AdminPagesController.Path + "/refresh"), page: null);
        using var explain = await AdminPagesHarness.PostAsync(client, new Uri(server.PublicUrl, "/adfs/portal/preview/explain"), page: null, ("pem", "x"));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, explain.StatusCode);
    }
}

/// <summary>The page and its POSTs count against the admin rate limit (<see cref="ThrottledServerHarness.AdminLimit"/> = 2 per hour).</summary>
public sealed class CrlStatusPageThrottlingTests(ThrottledServerHarness server) : IClassFixture<ThrottledServerHarness>
{
    [Fact]
    public async Task RefreshNow_OverTheAdminLimit_Is429()
    {
        using var client = server.CreateClient();
        var url = new Uri(server.PublicUrl, AdminPagesController.Path);

        var page = await AdminPagesHarness.ReadPageAsync(client, url);
        using var first = await AdminPagesHarness.PostAsync(client, new Uri(url + "/refresh"), page);
        using var second = await AdminPagesHarness.PostAsync(client, new Uri(url + "/refresh"), page);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.Contains("Retry-After"));
    }
}
