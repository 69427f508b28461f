using System.Net;
using System.Text;
using System.Xml;
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

    [Fact]
    public async Task SignedRequestNestedTwentyDeep_IsAnsweredAtTheDefaultLimit()
    {
        // The counterpart of DepthLimitedSignOnTests: the same shape passes when the configured limit allows it.
        var page = await PostAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(SignedRequestXml(out var id, nesting: 20))));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(id, SamlXml.Value(page.SamlResponse(), "/samlp:Response/@InResponseTo"));
    }

    private string SsoUrl => new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri;

    /// <summary>A signed AuthnRequest; with <paramref name="nesting"/>, samlp:Extensions holds that many nested elements (signed too).</summary>
    internal static string SignedRequestXml(FederationServerHarness server, out string id, int nesting = 0)
    {
        var request = new AuthnRequest
        {
            Id = new SamlIdGenerator().NewId(),
            IssueInstant = server.Clock.GetUtcNow(),
            Destination = new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri,
            Issuer = FederationServerHarness.SignedRelyingPartyId,
            AssertionConsumerServiceUrl = FederationServerHarness.AcsUrl,
            ProtocolBinding = SamlBindingUris.HttpPost,
        };
        id = request.Id;
        var document = new AuthnRequestWriter().Write(request);
        if (nesting > 0)
        {
            XmlNode parent = document.DocumentElement!.InsertAfter(
                document.CreateElement("samlp", "Extensions", "urn:oasis:names:tc:SAML:2.0:protocol"), document.DocumentElement!.FirstChild)!;
            for (var i = 0; i < nesting; i++)
            {
                parent = parent.AppendChild(document.CreateElement("x", "urn:test:nesting"))!;
            }
        }

        new XmlSigner().Sign(document.DocumentElement!, server.RequestSigner);
        return document.OuterXml;
    }

    private string SignedRequestXml(out string id, int nesting = 0) => SignedRequestXml(server, out id, nesting);

    private Task<SignInPage> PostAsync(string samlRequest) => PostAsync(server, samlRequest);

    internal static async Task<SignInPage> PostAsync(FederationServerHarness server, string samlRequest)
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await client.PostAsync(new Uri(server.PublicUrl, "/adfs/ls/"), new FormUrlEncodedContent([new("SAMLRequest", samlRequest)]));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            return await SignInPage.ReadAsync(response);
        }

        using var followed = await server.FollowAsync(client, response.Headers.Location!.AbsoluteUri);
        return await SignInPage.ReadAsync(followed);
    }
}

/// <summary>The federation server with <c>Federation:MaxXmlElementDepth</c> = 16: the configured limit is the one enforced.</summary>
public sealed class DepthLimitedServerHarness : FederationServerHarness
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Federation:MaxXmlElementDepth"] = "16";
}

/// <summary>Federation:MaxXmlElementDepth reaches the loader: a signed request nested 20 deep is CAF1202 at a limit of 16.</summary>
public sealed class DepthLimitedSignOnTests(DepthLimitedServerHarness server) : IClassFixture<DepthLimitedServerHarness>
{
    [Fact]
    public async Task SignedRequestNestedTwentyDeep_IsCaf1202_WhenTheConfiguredLimitIs16()
    {
        var page = await HostileXmlSignOnTests.PostAsync(server, Convert.ToBase64String(Encoding.UTF8.GetBytes(HostileXmlSignOnTests.SignedRequestXml(server, out _, nesting: 20))));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("CAF1202", page.ErrorCode);
    }
}
