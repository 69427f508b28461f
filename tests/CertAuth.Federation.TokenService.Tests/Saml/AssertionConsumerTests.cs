using System.Net;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Saml;

/// <summary>/saml2/acs: one test per rejection reason, in the validation order of issue 3 item 2, and what is accepted.</summary>
public sealed class AssertionConsumerTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    // Error details on: the page then names the typed reason, which the refusal tests check beside the log event.
    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync(settings => settings["TokenService:ShowErrorDetails"] = "true");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Accepts_AResponseBuiltAndSignedByAnotherSamlImplementation()
    {
        var request = await _host.AuthorizeAsync();
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var response = HandBuiltSamlResponse.Build(
            TokenServiceHost.FederationEntityId, _host.Federation.SigningCertificate, _host.AcsUrl, _host.EntityId, request.Id,
            "alice@contoso.com", alice.SerialNumber, alice.Issuer, _host.Clock.GetUtcNow());

        using var acs = await _host.PostAcsAsync(response);
        var code = OAuthFlow.CodeFrom(acs);
        var (status, body) = await _host.RedeemCodeAsync(code);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var record = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(body.GetProperty("refresh_token").GetString()!));
        Assert.Equal(alice.SerialNumber, record!.CertificateSerialNumber);
        Assert.Equal(alice.Issuer, record.CertificateIssuer);
    }

    [Fact]
    public async Task ProvisionsTheTokenServiceUserOnFirstSignIn_KeyedByTrustAndSubject_NeverTheDirectory()
    {
        var code = await _host.SignInAsync(null, upn: "Newcomer@Contoso.com");
        Assert.False(string.IsNullOrEmpty(code));
        var user = Assert.Single(await _host.Services.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("newcomer@contoso.com"));
        Assert.Equal(TokenServiceHost.FederationEntityId, user.FederationIssuer);
        Assert.Equal("immutableid:immutable-Newcomer@Contoso.com", user.Subject);
        Assert.Equal("immutable-Newcomer@Contoso.com", user.ImmutableId);
        await using var federationStore = await _host.OpenFederationStoreAsync();
        Assert.Null(await federationStore.GetRequiredService<IUserStore>().FindByUpnAsync("newcomer@contoso.com"));
    }

    [Fact]
    public async Task Authorize_SetsAHostOnlySecureHttpOnlySameSiteNoneBindingCookie()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=none", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rejects_OversizedMessage() => await AssertRefusedAsync(new string('A', 600_000), "CAT900145");

    [Fact]
    public async Task Rejects_Dtd()
    {
        await _host.AuthorizeAsync();
        var xml = "<!DOCTYPE x [<!ENTITY e \"e\">]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
        await AssertRefusedAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)), "CAT50008", "DtdProhibited");
    }

    [Fact]
    public async Task Rejects_UntrustedIssuer()
    {
        var request = await _host.AuthorizeAsync();
        var other = new FederationServerSimulator("https://evil.test/trust", _host.Federation.SigningCertificate, _host.Clock);
        var assertion = other.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        await AssertRefusedAsync(other.Response(assertion, _host.AcsUrl, request.Id), "CAT50107", "UntrustedIssuer");
    }

    [Fact]
    public async Task Rejects_KeyThatIsNotConfigured()
    {
        var request = await _host.AuthorizeAsync();
        var now = _host.Clock.GetUtcNow();
        var stranger = CertificateFactory.CreateTokenSigning("CN=Stranger", now.AddDays(-1), now.AddDays(1));
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        await AssertRefusedAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id, signWith: stranger), "CAT50006", "UntrustedKey");
    }

    [Fact]
    public async Task Rejects_TamperedSignedContent()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        var response = _host.Federation.Response(assertion, _host.AcsUrl, request.Id, tamper: d =>
        {
            var nameId = d.GetElementsByTagName("NameID", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!;
            nameId.InnerText = "mallory@contoso.com";
        });
        await AssertRefusedAsync(response, "CAT50006", "InvalidSignature");
    }

    [Fact]
    public async Task Rejects_UnsignedResponse()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        await AssertRefusedAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id, signAssertion: false), "CAT50006", "MissingSignature");
    }

    [Fact]
    public async Task Rejects_Sha1Signature()
    {
        var request = await _host.AuthorizeAsync();
        var response = HandBuiltSamlResponse.Build(
            TokenServiceHost.FederationEntityId, _host.Federation.SigningCertificate, _host.AcsUrl, _host.EntityId, request.Id,
            "alice@contoso.com", "01", "CN=x", _host.Clock.GetUtcNow(), SignedXml.XmlDsigRSASHA1Url, SignedXml.XmlDsigSHA1Url);
        await AssertRefusedAsync(response, "CAT50006", "WeakAlgorithm");
    }

    [Fact]
    public async Task Rejects_WrongDestination()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        await AssertRefusedAsync(_host.Federation.Response(assertion, "https://elsewhere.test/acs", request.Id), "CAT50010", "WrongDestination");
    }

    [Fact]
    public async Task Rejects_WrongRecipient()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion("https://elsewhere.test/acs", _host.EntityId, request.Id, "alice@contoso.com", null);
        await AssertRefusedAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id), "CAT50010", "WrongRecipient");
    }

    [Fact]
    public async Task Rejects_WrongAudience()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, "https://other-rp.test/", request.Id, "alice@contoso.com", null);
        await AssertRefusedAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id), "CAT50010", "WrongAudience");
    }

    [Fact]
    public async Task Rejects_ExpiredAssertion()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        assertion.Conditions!.NotOnOrAfter = _host.Clock.GetUtcNow().AddMinutes(1);
        assertion.Subject!.SubjectConfirmations[0].Data!.NotOnOrAfter = _host.Clock.GetUtcNow().AddMinutes(1);
        var response = _host.Federation.Response(assertion, _host.AcsUrl, request.Id);
        _host.Clock.Advance(TimeSpan.FromMinutes(7));
        await AssertRefusedAsync(response, "CAT50133", "Expired");
    }

    [Fact]
    public async Task Rejects_NotYetValidAssertion()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        assertion.IssueInstant = _host.Clock.GetUtcNow().AddMinutes(7);
        assertion.Conditions!.NotBefore = _host.Clock.GetUtcNow().AddMinutes(7);
        var response = _host.Federation.Response(assertion, _host.AcsUrl, request.Id);
        await AssertRefusedAsync(response, "CAT50133", "NotYetValid");
    }

    [Fact]
    public async Task Rejects_ResponseToAnotherRequest()
    {
        await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, "_someoneelse", "alice@contoso.com", null);
        await AssertRefusedAsync(_host.Federation.Response(assertion, _host.AcsUrl, "_someoneelse"), "CAT750054", "InResponseToMismatch");
    }

    [Fact]
    public async Task Rejects_ResponseWithoutABrowserBinding_WhenUnsolicitedIsOff()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        var response = _host.Federation.Response(assertion, _host.AcsUrl, request.Id);
        _host.Client.DefaultRequestHeaders.Remove("Cookie");
        using var otherBrowser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = _host.BaseUrl };
        using var result = await otherBrowser.PostAsync("/saml2/acs", new FormUrlEncodedContent(new Dictionary<string, string> { ["SAMLResponse"] = response }));
        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Contains("CAT750054", await result.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_ReplayedAssertion()
    {
        var first = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, first.Id, "alice@contoso.com", null);
        using (var ok = await _host.PostAcsAsync(_host.Federation.Response(assertion, _host.AcsUrl, first.Id)))
        {
            OAuthFlow.CodeFrom(ok);
        }

        var second = await _host.AuthorizeAsync();
        var replay = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, second.Id, "alice@contoso.com", null);
        replay.Id = assertion.Id;
        await AssertRefusedAsync(_host.Federation.Response(replay, _host.AcsUrl, second.Id), "CAT50132", "Replay");
    }

    [Fact]
    public async Task Rejects_StatusOtherThanSuccess()
    {
        var request = await _host.AuthorizeAsync();
        await AssertRefusedAsync(_host.Federation.Response(null, _host.AcsUrl, request.Id, signAssertion: false, signResponse: true, statusCode: SamlStatusCodes.Responder), "CAT50105", "StatusNotSuccess");
    }

    [Fact]
    public async Task Rejects_DisabledUser()
    {
        await _host.SignInAsync(null, upn: "eve@contoso.com");
        Assert.Equal(1, await _host.Services.GetRequiredService<ITokenServiceUserStore>().SetEnabledAsync("eve@contoso.com", null, false));
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "eve@contoso.com", null);
        await AssertRefusedAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id), "CAT50057");
    }

    private async Task AssertRefusedAsync(string samlResponse, string code, string? reason = null)
    {
        using var response = await _host.PostAcsAsync(samlResponse);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, body);
        Assert.Contains(code, body, StringComparison.Ordinal);
        if (reason is not null)
        {
            Assert.Contains(reason, body, StringComparison.Ordinal);
            Assert.Contains(_host.Logs.Entries, e => e.EventId == 3020 && e.Message.Contains(reason, StringComparison.Ordinal));
        }
    }
}
