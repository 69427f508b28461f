using System.Collections.Concurrent;
using System.Net;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Server.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>The real server with every log entry (Debug and up) captured, so that refusals can be counted.</summary>
public sealed class LogCountingServerHarness : FederationServerHarness
{
    public ConcurrentQueue<(string Category, int EventId, LogLevel Level, string Message)> Logs { get; } = new();

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));
    }
}

/// <summary>
/// Issue 14 item 5 through the real TLS listener: both SAML bindings and WS-Federation feed one sign-in path whose
/// refusals are logged exactly once (event 1000 for a page, 1002 for a SAML error Response), and an AuthnRequest ID
/// is accepted once.
/// </summary>
public sealed class RequestValidationTests(LogCountingServerHarness server) : IClassFixture<LogCountingServerHarness>
{
    /// <summary>The federation server's sign-in events that report a refusal (1003/1004 are the handlers' old debug ones).</summary>
    private static readonly int[] RefusalEvents = [1000, 1002, 1003, 1004];

    private readonly HttpRedirectBinding _redirect = new();
    private readonly HttpPostBinding _post = new();

    private string SsoUrl => new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri;

    [Theory]
    [InlineData("unsigned-to-signed-rp", "CAF1203")]
    [InlineData("garbage-post", "CAF1202")]
    [InlineData("unknown-issuer", "CAF1201")]
    [InlineData("unregistered-acs", "CAF1205")]
    [InlineData("wsfed-without-realm", "CAF1202")]
    public async Task ARefusedRequest_IsLoggedExactlyOnce_AsEvent1000_WithItsCodeAndTypedReason(string kind, string code)
    {
        using var client = server.CreateClient();
        server.Logs.Clear();
        using var response = kind switch
        {
            "unsigned-to-signed-rp" => await client.GetAsync(RedirectUrl(Request(FederationServerHarness.SignedRelyingPartyId))),
            "garbage-post" => await client.PostAsync(SsoUrl, new FormUrlEncodedContent([new("SAMLRequest", "%%%not-base64%%%")])),
            "unknown-issuer" => await client.GetAsync(RedirectUrl(Request("urn:test:nobody"))),
            "unregistered-acs" => await client.GetAsync(RedirectUrl(Request(FederationServerHarness.RelyingPartyId, "https://evil.test/acs"))),
            _ => await client.GetAsync(SsoUrl + "?wa=wsignin1.0"),
        };
        var page = await SignInPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(code, page.ErrorCode);
        var entry = Assert.Single(Refusals());
        Assert.Equal(1000, entry.EventId);
        Assert.Contains(code, entry.Message, StringComparison.Ordinal);
        Assert.Contains(page.CorrelationId!, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestAnsweredWithASamlError_IsLoggedExactlyOnce_AsEvent1002()
    {
        var request = Request(FederationServerHarness.RelyingPartyId);
        request.IsPassive = true;
        using var client = server.CreateClient();
        server.Logs.Clear();

        var page = await SignInPage.ReadAsync(await client.GetAsync(RedirectUrl(request)));

        Assert.Equal(FederationServerHarness.AcsUrl, page.FormAction);
        var entry = Assert.Single(Refusals());
        Assert.Equal(1002, entry.EventId);
        Assert.Contains(nameof(AuthnRequestFailureReason.PassiveNotSupported), entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedAuthnRequest_IsRefusedAsCaf1202_OnEitherBinding()
    {
        var request = Request(FederationServerHarness.RelyingPartyId);
        using var client = server.CreateClient();

        using var first = await client.GetAsync(RedirectUrl(request));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(server.CertificateUrl.Port, first.Headers.Location!.Port);

        var again = await SignInPage.ReadAsync(await client.GetAsync(RedirectUrl(request)));
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("CAF1202", again.ErrorCode);

        // The same ID over the other binding is the same request.
        var posted = await SignInPage.ReadAsync(await client.PostAsync(SsoUrl, new FormUrlEncodedContent([new("SAMLRequest", _post.Encode(new AuthnRequestWriter().Write(request)))])));
        Assert.Equal("CAF1202", posted.ErrorCode);

        // A fresh request from the same relying party is still accepted.
        using var fresh = await client.GetAsync(RedirectUrl(Request(FederationServerHarness.RelyingPartyId)));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    private List<(string Category, int EventId, LogLevel Level, string Message)> Refusals() =>
        [.. server.Logs.Where(e => e.Category.StartsWith("CertAuth.Federation.Server", StringComparison.Ordinal) && RefusalEvents.Contains(e.EventId))];

    private string RedirectUrl(AuthnRequest request) =>
        _redirect.BuildRedirectUrl(SsoUrl, "SAMLRequest", new AuthnRequestWriter().Write(request));

    private AuthnRequest Request(string issuer, string? acs = FederationServerHarness.AcsUrl) => new()
    {
        Id = new SamlIdGenerator().NewId(),
        IssueInstant = server.Clock.GetUtcNow(),
        Destination = SsoUrl,
        Issuer = issuer,
        AssertionConsumerServiceUrl = acs,
        ProtocolBinding = SamlBindingUris.HttpPost,
    };
}
