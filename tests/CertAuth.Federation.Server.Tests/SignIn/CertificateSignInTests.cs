using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>
/// Real TLS on loopback: an HTTPS client presents each kind of user certificate to the certificate listener through
/// IdP-initiated sign-on, and gets a token or its own error page with a 4xx.
/// </summary>
public sealed class CertificateSignInTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    private const string SerialNumberClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber";
    private const string IssuerClaim = "http://schemas.microsoft.com/2012/12/certificatecontext/field/issuer";
    private const string UpnClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    private string IdpInitiatedUrl => new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId)).AbsoluteUri;

    [Fact]
    public async Task Alice_SignsIn_AndTheTokenCarriesHerCertificateSerialAndIssuer()
    {
        var page = await SignInAsync(server.Pki.Alice);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(FederationServerHarness.AcsUrl, page.FormAction);
        var response = page.SamlResponse();
        Assert.Equal([server.Pki.Alice.SerialNumber], SamlXml.AttributeValues(response, SerialNumberClaim));
        Assert.Equal([server.Pki.Issuing.Subject], SamlXml.AttributeValues(response, IssuerClaim));
        Assert.Equal(["alice@contoso.com"], SamlXml.AttributeValues(response, UpnClaim));
        Assert.Equal("alice@contoso.com", SamlXml.Value(response, "/samlp:Response/saml:Assertion/saml:Subject/saml:NameID"));
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:status:Success", SamlXml.Value(response, "/samlp:Response/samlp:Status/samlp:StatusCode/@Value"));
    }

    [Fact]
    public async Task Bob_WithOnlyAnRfc822Name_IsMappedByEmail()
    {
        var page = await SignInAsync(server.Pki.Bob);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["bob@contoso.com"], SamlXml.AttributeValues(page.SamlResponse(), UpnClaim));
    }

    [Theory]
    [InlineData("carol", "CAF1005")]
    [InlineData("dave", "CAF1003")]
    [InlineData("eve", "CAF1006")]
    [InlineData("mallory", "CAF1002")]
    [InlineData("frank", "CAF1101")]
    [InlineData("none", "CAF1001")]
    public async Task RefusedCertificates_GetTheirOwnErrorCode_With403(string who, string expectedCode)
    {
        var certificate = who switch
        {
            "carol" => server.Pki.Carol,
            "dave" => server.Pki.Dave,
            "eve" => server.Pki.Eve,
            "mallory" => server.Pki.Mallory,
            "frank" => server.Pki.Frank,
            _ => null,
        };

        var page = await SignInAsync(certificate);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(expectedCode, page.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(page.CorrelationId));
        Assert.Empty(page.Fields);
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateEndpoint_OnThePublicListener_IsNotServed()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/certauth?context=x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TamperedContext_IsRefusedWithItsOwnCode()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await client.GetAsync(new Uri(server.CertificateUrl, "/adfs/ls/certauth?context=CfDJ8tampered"));
        var page = await SignInPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("CAF1204", page.ErrorCode);
    }

    [Fact]
    public async Task UnknownRelyingParty_GetsAPage_NotAToken()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=urn:nobody"));
        var page = await SignInPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("CAF1201", page.ErrorCode);
    }

    [Fact]
    public async Task RelayState_IsReturnedUnchanged_AndBounded()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var ok = await server.FollowAsync(client, IdpInitiatedUrl + "&RelayState=" + Uri.EscapeDataString("https://rp.test/after?x=1"));
        Assert.Equal("https://rp.test/after?x=1", (await SignInPage.ReadAsync(ok)).Fields["RelayState"]);

        using var tooLong = await client.GetAsync(IdpInitiatedUrl + "&RelayState=" + new string('a', 2000));
        var page = await SignInPage.ReadAsync(tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("CAF1202", page.ErrorCode);
    }

    private async Task<SignInPage> SignInAsync(X509Certificate2? certificate)
    {
        using var client = server.CreateClient(certificate);
        using var response = await server.FollowAsync(client, IdpInitiatedUrl);
        return await SignInPage.ReadAsync(response);
    }
}
