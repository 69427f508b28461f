using System.Net;
using System.Web;
using System.Xml;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.WsFederation;

/// <summary>
/// <c>/wsfed</c> through the real token service (TLS on loopback): a trust configured for WS-Federation gets
/// <c>wsignin1.0</c> from /oauth2/authorize, and its <c>wresult</c> (SAML 1.1 or 2.0) is held to the SAML 2.0 ACS's
/// rules — signature by exact reference with the configured key only, audience, lifetime, replay, one assertion —
/// and copies serial number and issuer into the refresh token, which is refused once the certificate is revoked.
/// </summary>
public sealed class WsFederationConsumerTests : IAsyncLifetime
{
    private const string Crl = "issuing-ca.crl";
    private TokenServiceHost _host = null!;
    private CrlServer _crls = null!;

    public async Task InitializeAsync()
    {
        _crls = await CrlServer.StartAsync();
        _host = await TokenServiceHost.StartAsync(settings =>
        {
            settings["TokenService:FederationServers:0:Protocol"] = "WsFederation";
            settings["TokenService:ShowErrorDetails"] = "true";
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _crls.DisposeAsync();
    }

    [Fact]
    public async Task Authorize_SendsWsSignIn_WithRealmReplyAndContext()
    {
        var (query, _) = await AuthorizeAsync();

        Assert.Equal("wsignin1.0", query["wa"]);
        Assert.Equal(_host.EntityId, query["wtrealm"]);
        Assert.Equal(_host.WsFedUrl(), query["wreply"]);
        Assert.StartsWith("_", query["wctx"], StringComparison.Ordinal);
        Assert.NotNull(query["wct"]);
        Assert.Null(query["SAMLRequest"]);
    }

    [Fact]
    public async Task Saml11SignIn_CopiesSerialAndIssuer_AndRefreshIsRefusedAfterRevocation()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var (_, wctx) = await AuthorizeAsync();
        var wresult = WsFederationResults.Build(_host, NewAssertion(alice));

        using var response = await PostAsync(wresult, wctx);
        var code = OAuthFlow.CodeFrom(response);
        var (status, body) = await _host.RedeemCodeAsync(code);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var refresh = body.GetProperty("refresh_token").GetString()!;

        var records = _host.Services.GetRequiredService<IRefreshTokenStore>();
        var family = await records.FindByHashAsync(CertAuth.Federation.TokenService.OAuth.OpaqueTokens.Hash(refresh));
        Assert.Equal(alice.SerialNumber, family!.CertificateSerialNumber);
        Assert.Equal(alice.Issuer, family.CertificateIssuer);
        Assert.Equal(TokenServiceHost.FederationEntityId, family.FederationIssuer);

        var (refreshStatus, refreshed) = await _host.RefreshAsync(refresh);
        Assert.True(refreshStatus == HttpStatusCode.OK, refreshed.ToString());
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        _host.Pki.Revoke(alice);
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        await _host.Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(TokenServiceHost.IssuingCaId, "test");
        await _host.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);

        OAuthFlow.AssertError(await _host.RefreshAsync(refreshed.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT500171");
    }

    [Fact]
    public async Task Saml2TokenInWresult_IsAccepted_WithRecipientOurWsFedEndpoint()
    {
        var (_, wctx) = await AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.WsFedUrl(), _host.EntityId, null, "alice@contoso.com", null);

        using var response = await PostAsync(WsFederationResults.Build(_host, assertion, saml11: false), wctx);
        OAuthFlow.CodeFrom(response);
    }

    [Fact]
    public async Task Saml2TokenForTheSamlAcs_IsRefused_WrongRecipient()
    {
        var (_, wctx) = await AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, null, "alice@contoso.com", null);
        await AssertRefusedAsync(WsFederationResults.Build(_host, assertion, saml11: false), wctx, "CAT50010", "WrongRecipient");
    }

    [Fact]
    public async Task Rejects_Unsigned() =>
        await AssertRefusedAsync(WsFederationResults.Build(_host, NewAssertion(), sign: false), await WctxAsync(), "CAT50006", "MissingSignature");

    [Fact]
    public async Task Rejects_Sha1Signature() =>
        await AssertRefusedAsync(WsFederationResults.BuildSha1Signed(_host, NewAssertion()), await WctxAsync(), "CAT50006", "WeakAlgorithm");

    [Fact]
    public async Task Rejects_KeyThatIsNotConfigured()
    {
        var now = _host.Clock.GetUtcNow();
        using var stranger = CertificateFactory.CreateTokenSigning("CN=Stranger", now.AddDays(-1), now.AddDays(1));
        await AssertRefusedAsync(WsFederationResults.Build(_host, NewAssertion(), signWith: stranger), await WctxAsync(), "CAT50006", "UntrustedKey");
    }

    [Fact]
    public async Task Rejects_TamperedSignedContent() =>
        await AssertRefusedAsync(
            WsFederationResults.Build(_host, NewAssertion(), tamper: (doc, token) =>
            {
                var name = (XmlElement)token.GetElementsByTagName("NameIdentifier", "urn:oasis:names:tc:SAML:1.0:assertion")[0]!;
                name.InnerText = "mallory@contoso.com";
            }),
            await WctxAsync(), "CAT50006", "InvalidSignature");

    [Fact]
    public async Task Rejects_WrappedAssertion_ForgedOneInTheTokenSignedOneElsewhere() =>
        await AssertRefusedAsync(
            WsFederationResults.Build(_host, NewAssertion(), tamper: (doc, token) =>
            {
                // XSW: the signed original moves into an extension element; a forged copy without signature takes its place.
                var forged = (XmlElement)token.CloneNode(deep: true);
                forged.RemoveChild(forged.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!);
                forged.SetAttribute("AssertionID", "_forged");
                var holder = doc.CreateElement("x", "Extension", "urn:attacker");
                doc.DocumentElement!.AppendChild(holder);
                token.ParentNode!.ReplaceChild(forged, token);
                holder.AppendChild(token);
            }),
            await WctxAsync(), "CAT50006", "MissingSignature");

    [Fact]
    public async Task Rejects_SignedAssertionWithASecondCopyHidden() =>
        await AssertRefusedAsync(
            WsFederationResults.Build(_host, NewAssertion(), tamper: (doc, token) =>
            {
                var copy = (XmlElement)token.CloneNode(deep: true);
                copy.SetAttribute("AssertionID", "_copy");
                doc.DocumentElement!.AppendChild(copy);
            }),
            await WctxAsync(), "CAT50008", "MultipleAssertions");

    [Fact]
    public async Task Rejects_TwoAssertionsInTheRequestedToken() =>
        await AssertRefusedAsync(
            WsFederationResults.Build(_host, NewAssertion(), tamper: (doc, token) =>
            {
                var copy = (XmlElement)token.CloneNode(deep: true);
                copy.SetAttribute("AssertionID", "_second");
                token.ParentNode!.AppendChild(copy);
            }),
            await WctxAsync(), "CAT50008", "MultipleAssertions");

    [Fact]
    public async Task Rejects_WrongAudience()
    {
        var assertion = _host.Federation.NewAssertion(_host.WsFedUrl(), "https://other-realm.test/", null, "alice@contoso.com", null);
        await AssertRefusedAsync(WsFederationResults.Build(_host, assertion), await WctxAsync(), "CAT50010", "WrongAudience");
    }

    [Fact]
    public async Task Rejects_AppliesToAnotherRealm() =>
        await AssertRefusedAsync(WsFederationResults.Build(_host, NewAssertion(), appliesTo: "https://other-realm.test/"), await WctxAsync(), "CAT50010", "WrongAudience");

    [Fact]
    public async Task Rejects_Expired()
    {
        var assertion = NewAssertion();
        assertion.Conditions!.NotBefore = _host.Clock.GetUtcNow().AddHours(-2);
        assertion.Conditions.NotOnOrAfter = _host.Clock.GetUtcNow().AddMinutes(-6);
        await AssertRefusedAsync(WsFederationResults.Build(_host, assertion), await WctxAsync(), "CAT50133", "Expired");
    }

    [Fact]
    public async Task Rejects_Replay()
    {
        var wresult = WsFederationResults.Build(_host, NewAssertion());
        using (var first = await PostAsync(wresult, await WctxAsync()))
        {
            OAuthFlow.CodeFrom(first);
        }

        await AssertRefusedAsync(wresult, await WctxAsync(), "CAT50132", "Replay");
    }

    [Fact]
    public async Task Rejects_WrongWctx_AndNoCookie()
    {
        await WctxAsync();
        await AssertRefusedAsync(WsFederationResults.Build(_host, NewAssertion()), "_not-the-request", "CAT750054");
    }

    [Fact]
    public async Task Rejects_ASaml2Trust_SendingWsFederation()
    {
        await using var samlHost = await TokenServiceHost.StartAsync();
        using var authorize = await samlHost.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        var requestId = new CertAuth.Federation.Protocols.Bindings.HttpRedirectBinding().Decode(authorize.Headers.Location!.Query.TrimStart('?')).Valid().Xml;
        var id = new CertAuth.Federation.Protocols.Samlp.AuthnRequestReader().Read(new CertAuth.Federation.Protocols.Xml.SafeXmlLoader().Load(requestId).Valid()).Valid().Id;
        var assertion = samlHost.Federation.NewAssertion(new Uri(samlHost.BaseUrl, "/wsfed").AbsoluteUri, samlHost.EntityId, null, "alice@contoso.com", null);
        using var response = await samlHost.Client.PostAsync("/wsfed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["wa"] = "wsignin1.0", ["wresult"] = WsFederationResults.Build(samlHost, assertion), ["wctx"] = id,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, body);
        Assert.Contains("CAT50107", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wsignout1.0", "<x/>")]
    [InlineData("wsignin1.0", "")]
    public async Task Rejects_MalformedForms(string wa, string wresult)
    {
        var wctx = await WctxAsync();
        using var response = await _host.Client.PostAsync("/wsfed", new FormUrlEncodedContent(new Dictionary<string, string> { ["wa"] = wa, ["wresult"] = wresult, ["wctx"] = wctx }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CAT900144", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private CertAuth.Federation.Protocols.Saml.Assertion NewAssertion(System.Security.Cryptography.X509Certificates.X509Certificate2? user = null) =>
        _host.Federation.NewAssertion(_host.WsFedUrl(), _host.EntityId, null, "alice@contoso.com", user);

    [Fact]
    public async Task SignOutCleanupImage_ClearsThePendingSignInsBindingCookie_AndOtherGetsAreRefused()
    {
        using (var authorize = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge())))
        {
            Assert.Contains(authorize.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-certauth-ts-signin=", StringComparison.Ordinal) && !c.StartsWith("__Host-certauth-ts-signin=;", StringComparison.Ordinal));
        }

        using var cleanup = await _host.Client.GetAsync("/wsfed?wa=wsignoutcleanup1.0");
        Assert.Equal(HttpStatusCode.OK, cleanup.StatusCode);
        Assert.Equal("image/gif", cleanup.Content.Headers.ContentType!.MediaType);
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString((await cleanup.Content.ReadAsByteArrayAsync())[..6]));
        Assert.True(cleanup.Headers.CacheControl!.NoStore);
        var cleared = Assert.Single(cleanup.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-certauth-ts-signin=", StringComparison.Ordinal));
        Assert.StartsWith("__Host-certauth-ts-signin=;", cleared, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);

        foreach (var query in new[] { "", "?wa=wsignin1.0", "?wa=wsignoutcleanup1.0&wa=wsignoutcleanup1.0", "?wa=WSIGNOUTCLEANUP1.0" })
        {
            using var refused = await _host.Client.GetAsync("/wsfed" + query);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)refused.StatusCode}");
            Assert.Contains("CAT900144", body, StringComparison.Ordinal);
            Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("__Host-certauth-ts-signin=", StringComparison.Ordinal)), query);
        }
    }

    private async Task<(System.Collections.Specialized.NameValueCollection Query, string Wctx)> AuthorizeAsync()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(TokenServiceHost.FederationSsoUrl, location.AbsoluteUri, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(location.Query);
        return (query, query["wctx"]!);
    }

    private async Task<string> WctxAsync() => (await AuthorizeAsync()).Wctx;

    private Task<HttpResponseMessage> PostAsync(string wresult, string wctx) =>
        _host.Client.PostAsync("/wsfed", new FormUrlEncodedContent(new Dictionary<string, string> { ["wa"] = "wsignin1.0", ["wresult"] = wresult, ["wctx"] = wctx }));

    private async Task AssertRefusedAsync(string wresult, string wctx, string code, string? reason = null)
    {
        using var response = await PostAsync(wresult, wctx);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
        Assert.Contains(code, body, StringComparison.Ordinal);
        if (reason is not null)
        {
            Assert.Contains(reason, body, StringComparison.Ordinal);
            Assert.Contains(_host.Logs.Entries, e => e.EventId == 3020 && e.Message.Contains(reason, StringComparison.Ordinal));
        }
    }
}
