using System.Net;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>SP-initiated sign-on over both bindings, with and without request signatures, on the real server.</summary>
public sealed class SpInitiatedSignOnTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    private readonly HttpRedirectBinding _redirect = new();
    private readonly HttpPostBinding _post = new();

    [Fact]
    public async Task RedirectBinding_UnsignedRequest_YieldsAResponseInResponseToIt()
    {
        var request = Request(FederationServerHarness.RelyingPartyId);
        var page = await RedirectAsync(request, "state-123");

        var response = page.SamlResponse();
        Assert.Equal(request.Id, SamlXml.Value(response, "/samlp:Response/@InResponseTo"));
        Assert.Equal(request.Id, SamlXml.Value(response, "//saml:SubjectConfirmationData/@InResponseTo"));
        Assert.Equal(FederationServerHarness.AcsUrl, SamlXml.Value(response, "//saml:SubjectConfirmationData/@Recipient"));
        Assert.Equal(FederationServerHarness.RelyingPartyId, SamlXml.Value(response, "//saml:AudienceRestriction/saml:Audience"));
        Assert.Equal(AuthnContextClasses.X509, SamlXml.Value(response, "//saml:AuthnContextClassRef"));
        Assert.Equal("state-123", page.Fields["RelayState"]);
    }

    [Fact]
    public async Task RedirectBinding_SecondRegisteredAcs_IsHonoured_AndAnUnregisteredOneRefused()
    {
        var page = await RedirectAsync(Request(FederationServerHarness.RelyingPartyId, acs: "https://rp.test/acs2"));
        Assert.Equal("https://rp.test/acs2", page.FormAction);

        var refused = await RedirectAsync(Request(FederationServerHarness.RelyingPartyId, acs: "https://evil.test/acs"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("CAF1205", refused.ErrorCode);
    }

    [Fact]
    public async Task RedirectBinding_SignedRequest_FromARelyingPartyThatRequiresIt_IsAccepted()
    {
        var request = Request(FederationServerHarness.SignedRelyingPartyId);
        var page = await RedirectAsync(request, signer: true);

        var response = page.SamlResponse();
        Assert.Equal(NameIdFormats.Persistent, SamlXml.Value(response, "//saml:NameID/@Format"));
        Assert.NotNull(response.SelectSingleNode("/samlp:Response/ds:Signature", SamlXml.Namespaces(response)));
    }

    [Fact]
    public async Task RedirectBinding_SignedRequest_FromARelyingPartyWithoutAKey_IsTreatedAsUnsigned()
    {
        var request = Request(FederationServerHarness.RelyingPartyId);
        var page = await RedirectAsync(request, signer: true);

        Assert.Equal(request.Id, SamlXml.Value(page.SamlResponse(), "/samlp:Response/@InResponseTo"));
    }

    [Fact]
    public async Task RedirectBinding_UnsignedRequest_FromARelyingPartyThatRequiresSignatures_IsRefused()
    {
        var page = await RedirectAsync(Request(FederationServerHarness.SignedRelyingPartyId));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("CAF1203", page.ErrorCode);
    }

    [Fact]
    public async Task PostBinding_SignedRequest_IsAccepted_AndATamperedOneRefused()
    {
        var request = Request(FederationServerHarness.SignedRelyingPartyId);
        var document = new AuthnRequestWriter().Write(request);
        new XmlSigner().Sign(document.DocumentElement!, server.RequestSigner);

        var page = await PostAsync(_post.Encode(document));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(request.Id, SamlXml.Value(page.SamlResponse(), "/samlp:Response/@InResponseTo"));

        document.DocumentElement!.SetAttribute("AssertionConsumerServiceURL", "https://rp.test/acs2");
        var tampered = await PostAsync(_post.Encode(document));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.Status);
        Assert.Equal("CAF1203", tampered.ErrorCode);
    }

    [Fact]
    public async Task PostBinding_GarbageBase64_IsABadRequestPage()
    {
        var page = await PostAsync("%%%not-base64%%%");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("CAF1202", page.ErrorCode);
    }

    [Fact]
    public async Task PassiveRequest_GetsASamlErrorResponse_AtTheRegisteredAcs()
    {
        var request = Request(FederationServerHarness.RelyingPartyId);
        request.IsPassive = true;
        using var client = server.CreateClient();
        var url = _redirect.BuildRedirectUrl(SsoUrl, "SAMLRequest", new AuthnRequestWriter().Write(request));
        using var http = await client.GetAsync(url);
        var page = await SignInPage.ReadAsync(http);

        Assert.Equal(FederationServerHarness.AcsUrl, page.FormAction);
        var response = page.SamlResponse();
        Assert.Equal(SamlStatusCodes.Responder, SamlXml.Value(response, "/samlp:Response/samlp:Status/samlp:StatusCode/@Value"));
        Assert.Equal(SamlStatusCodes.NoPassive, SamlXml.Value(response, "/samlp:Response/samlp:Status/samlp:StatusCode/samlp:StatusCode/@Value"));
        Assert.Null(response.SelectSingleNode("//saml:Assertion", SamlXml.Namespaces(response)));
    }

    [Fact]
    public async Task StaleRequest_GetsARequesterError()
    {
        var request = Request(FederationServerHarness.RelyingPartyId);
        request.IssueInstant = server.Clock.GetUtcNow().AddHours(-2);
        using var client = server.CreateClient();
        using var http = await client.GetAsync(_redirect.BuildRedirectUrl(SsoUrl, "SAMLRequest", new AuthnRequestWriter().Write(request)));
        var response = (await SignInPage.ReadAsync(http)).SamlResponse();

        Assert.Equal(SamlStatusCodes.Requester, SamlXml.Value(response, "/samlp:Response/samlp:Status/samlp:StatusCode/@Value"));
    }

    [Fact]
    public async Task SignInContext_ExpiresWithTheClock()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var first = await client.GetAsync(_redirect.BuildRedirectUrl(SsoUrl, "SAMLRequest", new AuthnRequestWriter().Write(Request(FederationServerHarness.RelyingPartyId))));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // The clock only moves forward; everything else in this class tolerates the jump.
        server.Clock.Advance(TimeSpan.FromMinutes(11));
        using var second = await client.GetAsync(first.Headers.Location);
        var page = await SignInPage.ReadAsync(second);
        Assert.Equal("CAF1204", page.ErrorCode);
    }

    private string SsoUrl => new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri;

    private AuthnRequest Request(string issuer, string? acs = FederationServerHarness.AcsUrl) => new()
    {
        Id = new SamlIdGenerator().NewId(),
        IssueInstant = server.Clock.GetUtcNow(),
        Destination = SsoUrl,
        Issuer = issuer,
        AssertionConsumerServiceUrl = acs,
        ProtocolBinding = SamlBindingUris.HttpPost,
    };

    private async Task<SignInPage> RedirectAsync(AuthnRequest request, string? relayState = null, bool signer = false)
    {
        var url = _redirect.BuildRedirectUrl(SsoUrl, "SAMLRequest", new AuthnRequestWriter().Write(request), relayState, signer ? server.RequestSigner : null);
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await server.FollowAsync(client, url);
        return await SignInPage.ReadAsync(response);
    }

    private async Task<SignInPage> PostAsync(string samlRequest)
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await client.PostAsync(SsoUrl, new FormUrlEncodedContent([new("SAMLRequest", samlRequest)]));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            return await SignInPage.ReadAsync(response);
        }

        using var followed = await server.FollowAsync(client, response.Headers.Location!.AbsoluteUri);
        return await SignInPage.ReadAsync(followed);
    }
}
