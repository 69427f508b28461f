using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// <see cref="WsFederationSampleAppFixture"/> plus two relying parties of the federation server served by one loopback
/// TLS test server that records what it receives: a SAML 2.0 party with a SingleLogoutService (it answers each
/// LogoutRequest with a LogoutResponse over HTTP-Redirect) and a WS-Federation party (its endpoint records the
/// <c>wsignoutcleanup1.0</c> hit).
/// </summary>
public sealed class SingleLogoutBrowserFixture : SampleAppFixture
{
    private readonly int _port = FreeLoopbackPort();
    private WebApplication? _parties;

    public Uri PartiesUrl => new($"https://localhost:{_port}/");

    public string SamlPartyId => new Uri(PartiesUrl, "saml-rp").AbsoluteUri;

    public string WsFedPartyId => new Uri(PartiesUrl, "wsfed-rp").AbsoluteUri;

    /// <summary>Every request the two parties received: method, path and query.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>The LogoutRequests the SAML party received.</summary>
    public ConcurrentQueue<LogoutRequest> LogoutRequests { get; } = new();

    protected override bool UseWsFederation => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var now = Clock.GetUtcNow();
        var tls = CertificateFactory.CreateTlsServer(Pki.RootCa, now.AddDays(-1), now.AddYears(1));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _port, l => l.UseHttps(tls)));
        _parties = builder.Build();
        _parties.Run(async context =>
        {
            Received.Enqueue(context.Request.Method + " " + context.Request.Path + context.Request.QueryString);
            if (context.Request.Path == "/saml-rp/slo" && context.Request.Query.ContainsKey("SAMLRequest"))
            {
                var message = new HttpRedirectBinding().Decode(context.Request.QueryString.Value!.TrimStart('?')).Valid();
                var request = new LogoutMessageReader().ReadRequest(new SafeXmlLoader().Load(message.Xml).Valid()).Valid();
                LogoutRequests.Enqueue(request);
                var response = new LogoutMessageWriter().Write(new LogoutResponse
                {
                    Id = "_rp" + Guid.NewGuid().ToString("N"),
                    InResponseTo = request.Id,
                    IssueInstant = Clock.GetUtcNow(),
                    Destination = SingleSignOnUrl.AbsoluteUri,
                    Issuer = SamlPartyId,
                    Status = new SamlStatus { StatusCode = SamlStatusCodes.Success },
                });
                context.Response.Redirect(new HttpRedirectBinding().BuildRedirectUrl(SingleSignOnUrl.AbsoluteUri, "SAMLResponse", response, message.RelayState, null));
                return;
            }

            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<!doctype html><title>party</title><p id=\"party\">" + WebUtility.HtmlEncode(context.Request.Path) + "</p>");
        });
        await _parties.StartAsync();

        await RegisterRelyingPartyAsync(SamlPartyId, new Uri(PartiesUrl, "saml-rp/acs").AbsoluteUri, rp =>
        {
            rp.SingleLogoutServiceUrl = new Uri(PartiesUrl, "saml-rp/slo").AbsoluteUri;
            rp.SingleLogoutServiceBinding = SamlBindingUris.HttpRedirect;
        });
        await RegisterRelyingPartyAsync(WsFedPartyId, new Uri(PartiesUrl, "wsfed-rp/").AbsoluteUri, rp =>
        {
            rp.Protocol = FederationProtocols.WsFederation;
            rp.TokenType = FederationProtocols.Saml11Token;
            rp.AssertionConsumerServiceUrls = [new Uri(PartiesUrl, "wsfed-rp/").AbsoluteUri, new Uri(PartiesUrl, "wsfed-rp/signed-out").AbsoluteUri];
        });
    }

    public override async Task DisposeAsync()
    {
        if (_parties is not null)
        {
            await _parties.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Chromium: alice signs in to a SAML 2.0 relying party (SLO registered), a WS-Federation relying party and — through
/// the sample app — the token service; the WS-Federation party then sends <c>wa=wsignout1.0</c>. Every party is told:
/// the SAML party receives a LogoutRequest with the NameID and SessionIndex it was issued (and answers it), the
/// WS-Federation parties get their <c>wsignoutcleanup1.0</c> hit, the browser ends at the checked <c>wreply</c>, and the
/// federation session cookie is gone; and the token service's refresh token, which worked before, is refused (its cleanup
/// image ended the family of this browser's sign-in, issue 14 cleanup).
/// </summary>
public sealed class SingleLogoutBrowserTests(SingleLogoutBrowserFixture server) : IClassFixture<SingleLogoutBrowserFixture>
{
    [Fact]
    public async Task LoggingOutFromOneParty_ClearsEveryParty_AndTheFederationSession()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        var page = await server.NewPageAsync(alice);

        // 1. The token service, through the sample app (WS-Federation between them).
        await page.GotoAsync(server.SampleAppUrl.AbsoluteUri);
        await page.Locator("#signin").ClickAsync();
        await page.Locator("#user, #error-code").First.WaitForAsync();
        Assert.Equal("Alice Anders", await page.Locator("#user").TextContentAsync());
        await page.Locator("#refresh").ClickAsync();                     // the token service's refresh token works (and rotates)
        await page.Locator("#message.ok").WaitForAsync();

        // 2. The SAML 2.0 party (IdP-initiated) and 3. the WS-Federation party (wsignin1.0): their endpoints get the token.
        await page.GotoAsync(new Uri(server.PublicUrl, "adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(server.SamlPartyId)).AbsoluteUri);
        await page.Locator("#party").WaitForAsync();
        await page.GotoAsync(server.SingleSignOnUrl.AbsoluteUri + "?wa=wsignin1.0&wtrealm=" + Uri.EscapeDataString(server.WsFedPartyId)
            + "&wreply=" + Uri.EscapeDataString(new Uri(server.PartiesUrl, "wsfed-rp/").AbsoluteUri));
        await page.Locator("#party").WaitForAsync();
        Assert.Contains(server.Received, r => r.StartsWith("POST /saml-rp/acs", StringComparison.Ordinal));
        Assert.Contains(server.Received, r => r.StartsWith("POST /wsfed-rp/", StringComparison.Ordinal));
        var before = await page.Context.CookiesAsync([server.PublicUrl.AbsoluteUri + "adfs/ls/"]);
        Assert.Contains(before, c => c.Name == "CertAuthFedSession");

        // Logout from the WS-Federation party.
        var wreply = new Uri(server.PartiesUrl, "wsfed-rp/signed-out").AbsoluteUri;
        await page.GotoAsync(server.SingleSignOnUrl.AbsoluteUri + "?wa=wsignout1.0&wtrealm=" + Uri.EscapeDataString(server.WsFedPartyId)
            + "&wreply=" + Uri.EscapeDataString(wreply));
        await page.Locator("#signout-continue").WaitForAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('img.signout-cleanup')].every(i => i.complete)");
        await SampleAppFixture.ScreenshotAsync(page, "single-logout-signed-out");

        var logoutRequest = Assert.Single(server.LogoutRequests);
        Assert.Equal("alice@contoso.com", logoutRequest.NameId.Value);
        Assert.Single(logoutRequest.SessionIndexes);
        Assert.Contains(server.Received, r => r.StartsWith("GET /wsfed-rp/?wa=wsignoutcleanup1.0", StringComparison.Ordinal));
        var cleanupSources = await page.Locator("img.signout-cleanup").EvaluateAllAsync<string[]>("els => els.map(e => e.src)");
        Assert.Contains(cleanupSources, s => s.StartsWith(new Uri(server.TokenServiceUrl, "wsfed").AbsoluteUri + "?wa=wsignoutcleanup1.0", StringComparison.Ordinal));

        await page.Locator("#signout-continue").ClickAsync();
        await page.WaitForURLAsync(wreply);
        var after = await page.Context.CookiesAsync([server.PublicUrl.AbsoluteUri + "adfs/ls/"]);
        Assert.DoesNotContain(after, c => c.Name == "CertAuthFedSession");

        // Issue 14, cleanup: the token service's cleanup image carried its sealed session cookie, so the refresh-token
        // family from this browser's sign-in is revoked: the sample app's refresh is refused.
        await page.GotoAsync(server.SampleAppUrl.AbsoluteUri);
        await page.Locator("#refresh").ClickAsync();
        await page.Locator("#message.error").WaitForAsync();
        Assert.Equal("invalid_grant", await page.Locator("#error-code").TextContentAsync());
        Assert.StartsWith("CAT700086", await page.Locator("#error-description").TextContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
