using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>
/// RFC 9440 <c>Client-Cert</c> from a TLS-terminating proxy, on the real certificate listener: honoured only from a
/// configured proxy address (127.0.0.0/8 here), then validated like a handshake certificate; ignored from anyone else.
/// </summary>
public sealed class ForwardedClientCertificateTests(ProxiedServerHarness server) : IClassFixture<ProxiedServerHarness>
{
    [Fact]
    public async Task FromATrustedProxy_AForwardedCertificate_SignsIn()
    {
        var page = await SignInThroughAsync("127.0.0.1", Header(server.Pki.Alice));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["alice@contoso.com"], SamlXml.AttributeValues(page.SamlResponse(), "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"));
    }

    [Theory]
    [InlineData("mallory", "CAF1002")]
    [InlineData("carol", "CAF1005")]
    [InlineData("dave", "CAF1003")]
    public async Task FromATrustedProxy_AForwardedCertificate_IsValidatedLikeAHandshakeOne(string who, string code)
    {
        var certificate = who switch { "mallory" => server.Pki.Mallory, "carol" => server.Pki.Carol, _ => server.Pki.Dave };
        var page = await SignInThroughAsync("127.0.0.1", Header(certificate));

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(code, page.ErrorCode);
    }

    [Fact]
    public async Task FromAPeerThatIsNotATrustedProxy_TheHeaderIsIgnored_NoCertificate()
    {
        var page = await SignInThroughAsync("[::1]", Header(server.Pki.Alice));

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("CAF1001", page.ErrorCode);
    }

    [Theory]
    [InlineData("bm90IGEgY2VydGlmaWNhdGU=")]
    [InlineData(":bm90IGEgY2VydGlmaWNhdGU=:")]
    [InlineData(":%%%not-base64%%%:")]
    [InlineData("::")]
    public async Task FromATrustedProxy_AMalformedHeader_IsRequestInvalid_Never500(string value)
    {
        var page = await SignInThroughAsync("127.0.0.1", value);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("CAF1202", page.ErrorCode);
    }

    [Fact]
    public void HeaderReader_AcceptsOnlyTheRfc9440ByteSequenceOfOneDerCertificate()
    {
        using var read = ForwardedClientCertificateMiddleware.TryRead(Header(server.Pki.Alice));
        Assert.Equal(server.Pki.Alice.Thumbprint, read?.Thumbprint);
        Assert.Null(ForwardedClientCertificateMiddleware.TryRead(Convert.ToBase64String(server.Pki.Alice.RawData)));
        Assert.Null(ForwardedClientCertificateMiddleware.TryRead(":" + new string('A', ForwardedClientCertificateMiddleware.MaxHeaderLength) + ":"));
    }

    [Fact]
    public async Task Hsts_IsSentOnBothHttpsListeners_AndNeverOverPlainHttp()
    {
        using var client = server.CreateClient();
        using var publicListener = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/probe"));
        using var certificateListener = await client.GetAsync(new Uri(server.CertificateUrl, "/adfs/ls/certauth"));
        using var plainClient = new HttpClient();
        using var plain = await plainClient.GetAsync(new Uri(server.PlainHttpUrl, "/adfs/probe"));

        Assert.Equal("max-age=31536000", Assert.Single(publicListener.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("max-age=31536000", Assert.Single(certificateListener.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    private static string Header(X509Certificate2 certificate) => ":" + Convert.ToBase64String(certificate.RawData) + ":";

    /// <summary>IdP-initiated sign-on from <paramref name="host"/> with no TLS client certificate; the proxy header on the certificate hop.</summary>
    private async Task<SignInPage> SignInThroughAsync(string host, string clientCertHeader)
    {
        using var client = server.CreateClient();
        var start = new UriBuilder(server.PublicUrl) { Host = host, Path = "/adfs/ls/idpinitiatedsignon", Query = "loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId) }.Uri;
        using var redirect = await client.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var certificateHop = new UriBuilder(new Uri(start, redirect.Headers.Location!)) { Host = host }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, certificateHop);
        request.Headers.TryAddWithoutValidation(ForwardedClientCertificateOptions.HeaderName, clientCertHeader);
        using var response = await client.SendAsync(request);
        return await SignInPage.ReadAsync(response);
    }
}
