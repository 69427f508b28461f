using System.Net;
using System.Text;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>
/// Issue 11 item 1 at POST /adfs/ls/ on the real server: a signed AuthnRequest from a trust with a request-signing key,
/// carrying 30,000 nested elements, is refused with CAF1202 (400) before any tree walk, and the server answers the
/// next request normally.
/// </summary>
public sealed class HostileXmlSignOnTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task SignedRequestWithThirtyThousandNestedElements_IsCaf1202_AndTheNextSignedRequestIsAnswered()
    {
        var wire = SignedRequestXml(out _);
        var at = wire.IndexOf("</samlp:AuthnRequest>", StringComparison.Ordinal);
        Assert.True(at > 0, wire);
        var nested = wire.Insert(at, "<samlp:Extensions>" + string.Concat(Enumerable.Repeat("<x>", 30_000)) + string.Concat(Enumerable.Repeat("</x>", 30_000)) + "</samlp:Extensions>");

        var refused = await PostAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(nested)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("CAF1202", refused.ErrorCode);

        var next = await PostAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(SignedRequestXml(out var id))));
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal(id, SamlXml.Value(next.SamlResponse(), "/samlp:Response/@InResponseTo"));
    }

    private string SsoUrl => new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri;

    private string SignedRequestXml(out string id)
    {
        var request = new AuthnRequest
        {
            Id = new SamlIdGenerator().NewId(),
            IssueInstant = server.Clock.GetUtcNow(),
            Destination = SsoUrl,
            Issuer = FederationServerHarness.SignedRelyingPartyId,
            AssertionConsumerServiceUrl = FederationServerHarness.AcsUrl,
            ProtocolBinding = SamlBindingUris.HttpPost,
        };
        id = request.Id;
        var document = new AuthnRequestWriter().Write(request);
        new XmlSigner().Sign(document.DocumentElement!, server.RequestSigner);
        return document.OuterXml;
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
