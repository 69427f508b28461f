using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.WsFederation;

/// <summary>
/// The WS-Federation passive requestor profile at <c>/adfs/ls/</c>, through the real server (TLS on loopback, the
/// certificate step on its own listener): a WS-Fed relying party signs alice in with her certificate and receives a
/// <c>wresult</c> whose signed SAML 1.1 assertion carries her certificate's serial number and issuer.
/// </summary>
public sealed class WsFederationSignInTests(WsFederationServerHarness server) : IClassFixture<WsFederationServerHarness>
{
    private const string SerialNumberClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber";
    private const string IssuerClaim = "http://schemas.microsoft.com/2012/12/certificatecontext/field/issuer";

    [Fact]
    public async Task WsSignIn_Alice_GetsSignedSaml11AssertionWithSerialAndIssuer_AndWctxUnchanged()
    {
        var wctx = "rm=0&id=passive&ru=%2fapp%2f<x>";
        var page = await SignInAsync(server.Pki.Alice, $"wa=wsignin1.0&wtrealm={Esc(WsFederationServerHarness.WsFedRealm)}&wctx={Esc(wctx)}&wct={Esc(Now())}&whr={Esc("urn:home")}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(WsFederationServerHarness.WsFedReply, page.FormAction);
        Assert.Equal("wsignin1.0", page.Fields["wa"]);
        Assert.Equal(wctx, page.Fields["wctx"]);

        var wresult = Load(page.Fields["wresult"]);
        var ns = Namespaces(wresult);
        Assert.Equal("RequestSecurityTokenResponse", wresult.DocumentElement!.LocalName);
        Assert.Equal(WsFederationServerHarness.WsFedRealm, Value(wresult, "/t:RequestSecurityTokenResponse/wsp:AppliesTo/wsa:EndpointReference/wsa:Address"));
        Assert.NotNull(Value(wresult, "/t:RequestSecurityTokenResponse/t:Lifetime/wsu:Expires"));
        Assert.Equal("urn:oasis:names:tc:SAML:1.0:assertion", Value(wresult, "/t:RequestSecurityTokenResponse/t:TokenType"));

        var assertion = (XmlElement)wresult.SelectSingleNode("/t:RequestSecurityTokenResponse/t:RequestedSecurityToken/saml1:Assertion", ns)!;
        Assert.Equal("1", assertion.GetAttribute("MajorVersion"));
        Assert.Equal("1", assertion.GetAttribute("MinorVersion"));
        Assert.Equal("urn:ietf:rfc:2246", Value(wresult, "//saml1:AuthenticationStatement/@AuthenticationMethod"));
        Assert.Equal(WsFederationServerHarness.WsFedRealm, Value(wresult, "//saml1:Conditions/saml1:AudienceRestrictionCondition/saml1:Audience"));
        Assert.Equal("alice@contoso.com", Value(wresult, "//saml1:AuthenticationStatement/saml1:Subject/saml1:NameIdentifier"));
        Assert.Equal("urn:oasis:names:tc:SAML:1.0:cm:bearer", Value(wresult, "//saml1:AuthenticationStatement/saml1:Subject/saml1:SubjectConfirmation/saml1:ConfirmationMethod"));
        Assert.Equal(server.Pki.Alice.SerialNumber, Saml11Attribute(wresult, SerialNumberClaim));
        Assert.Equal(server.Pki.Alice.Issuer, Saml11Attribute(wresult, IssuerClaim));

        // The signature is the last child and references #AssertionID; our verifier, with the configured key only.
        Assert.Equal("Signature", assertion.LastChild!.LocalName);
        var result = new SignatureVerifier().Verify(assertion, [server.Pki.TokenSigning], idAttribute: Saml11Namespaces.AssertionIdAttribute).Valid();
        Assert.Equal(server.Pki.TokenSigning.Thumbprint, result.SigningCertificate.Thumbprint);

        // And the same claims as the SAML 2.0 model: the reader maps namespace + name back to the claim type.
        var model = new Saml11AssertionReader().Read(assertion).Valid();
        Assert.Equal(server.Pki.Alice.SerialNumber, model.AttributeStatement!.Attributes.Single(a => a.Name == SerialNumberClaim).Values.Single());
    }

    [Fact]
    public async Task WsSignIn_Saml11Assertion_VerifiesWithXmlSec1_UsingOnlyTheMetadataCertificate_TamperedRefused()
    {
        var certificate = await SigningCertificateFromMetadataAsync();
        var page = await SignInAsync(server.Pki.Alice, $"wa=wsignin1.0&wtrealm={Esc(WsFederationServerHarness.WsFedRealm)}");
        var xml = page.Fields["wresult"];

        var (exitCode, output) = await XmlSec1.VerifyAsync(xml, certificate.ExportCertificatePem(), "urn:oasis:names:tc:SAML:1.0:assertion:Assertion", "AssertionID");
        Assert.True(exitCode == 0, "xmlsec1 refused the SAML 1.1 assertion signature: " + output);

        var tampered = xml.Replace("alice@contoso.com", "mallory@contoso.com", StringComparison.Ordinal);
        Assert.NotEqual(xml, tampered);
        var (tamperedExit, _) = await XmlSec1.VerifyAsync(tampered, certificate.ExportCertificatePem(), "urn:oasis:names:tc:SAML:1.0:assertion:Assertion", "AssertionID");
        Assert.NotEqual(0, tamperedExit);
    }

    [Fact]
    public async Task WsSignIn_RegisteredWreply_IsHonoured()
    {
        var page = await SignInAsync(server.Pki.Alice, $"wa=wsignin1.0&wtrealm={Esc(WsFederationServerHarness.WsFedRealm)}&wreply={Esc(WsFederationServerHarness.WsFedSecondReply)}");

        Assert.Equal(WsFederationServerHarness.WsFedSecondReply, page.FormAction);
        Assert.False(page.Fields.ContainsKey("wctx"));
    }

    [Fact]
    public async Task WsSignIn_PostedAsAForm_JoinsTheSameCertificateStep()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var posted = await client.PostAsync(new Uri(server.PublicUrl, "/adfs/ls/"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["wa"] = "wsignin1.0", ["wtrealm"] = WsFederationServerHarness.WsFedRealm, ["wctx"] = "posted",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith(server.CertificateUrl.AbsoluteUri + "adfs/ls/certauth?context=", posted.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        using var answer = await server.FollowAsync(client, posted.Headers.Location!.AbsoluteUri);
        var page = await SignInPage.ReadAsync(answer);
        Assert.Equal(WsFederationServerHarness.WsFedReply, page.FormAction);
        Assert.Equal("posted", page.Fields["wctx"]);
        Assert.Contains("urn:oasis:names:tc:SAML:1.0:assertion", page.Fields["wresult"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WsSignIn_Saml2TokenType_CarriesSaml2AssertionForTheReply()
    {
        var page = await SignInAsync(server.Pki.Alice, $"wa=wsignin1.0&wtrealm={Esc(WsFederationServerHarness.WsFedSaml2Realm)}");
        var wresult = Load(page.Fields["wresult"]);

        Assert.Equal("urn:oasis:names:tc:SAML:2.0:assertion", Value(wresult, "/t:RequestSecurityTokenResponse/t:TokenType"));
        var assertion = (XmlElement)wresult.SelectSingleNode("//saml:Assertion", Namespaces(wresult))!;
        Assert.Equal(WsFederationServerHarness.WsFedSaml2Reply, Value(wresult, "//saml:SubjectConfirmationData/@Recipient"));
        Assert.Equal(WsFederationServerHarness.WsFedSaml2Realm, Value(wresult, "//saml:Audience"));
        new SignatureVerifier().Verify(assertion, [server.Pki.TokenSigning]).Valid();
    }

    [Theory]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:wsfed-rp&wreply=https%3A%2F%2Fevil.test%2Fsignin", "CAF1205")]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:wsfed-rp&wreply=https%3A%2F%2Fwsfed-rp.test%2Fsignin%2F", "CAF1205")]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:rp", "CAF1201")]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:nobody", "CAF1201")]
    [InlineData("wa=wsignin1.0", "CAF1202")]
    [InlineData("wa=wsignin9.9&wtrealm=urn:test:wsfed-rp", "CAF1202")]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:wsfed-rp&wtrealm=urn:test:wsfed-rp", "CAF1202")]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:wsfed-rp&wreply=javascript%3Aalert(1)", "CAF1202")]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:wsfed-rp&wct=yesterday", "CAF1202")]
    [InlineData("wa=wsignin1.0&wtrealm=urn:test:wsfed-rp&wct=2001-01-01T00%3A00%3A00Z", "CAF1202")]
    public async Task WsSignIn_BadRequests_GetThemedPagesWithStableCodes(string query, string code)
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?" + query));
        var page = await SignInPage.ReadAsync(response);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"status {(int)response.StatusCode}");
        Assert.Equal(code, page.ErrorCode);
        Assert.Null(page.FormAction);
    }

    [Fact]
    public async Task WsSignIn_WctxLongerThanRelayStateBound_IsRefused()
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(new Uri(server.PublicUrl, $"/adfs/ls/?wa=wsignin1.0&wtrealm={Esc(WsFederationServerHarness.WsFedRealm)}&wctx={new string('a', 5000)}"));
        var page = await SignInPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("CAF1202", page.ErrorCode);
    }

    [Fact]
    public async Task WsSignIn_WithoutCertificate_GetsTheCertificatePage()
    {
        var page = await SignInAsync(null, $"wa=wsignin1.0&wtrealm={Esc(WsFederationServerHarness.WsFedRealm)}");

        Assert.Equal("CAF1001", page.ErrorCode);
        Assert.Null(page.FormAction);
    }

    [Fact]
    public async Task WsSignOut_WithRegisteredReply_RedirectsThere_OtherwiseShowsTheSignedOutPage()
    {
        using var client = server.CreateClient();
        using var redirect = await client.GetAsync(new Uri(server.PublicUrl, $"/adfs/ls/?wa=wsignout1.0&wtrealm={Esc(WsFederationServerHarness.WsFedRealm)}&wreply={Esc(WsFederationServerHarness.WsFedSecondReply)}"));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(WsFederationServerHarness.WsFedSecondReply, redirect.Headers.Location!.AbsoluteUri);

        using var foreign = await client.GetAsync(new Uri(server.PublicUrl, $"/adfs/ls/?wa=wsignout1.0&wtrealm={Esc(WsFederationServerHarness.WsFedRealm)}&wreply={Esc("https://evil.test/")}"));
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Contains("signed out", await foreign.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var cleanup = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/?wa=wsignoutcleanup1.0"));
        Assert.Equal(HttpStatusCode.OK, cleanup.StatusCode);
        Assert.Equal("no-store", cleanup.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Metadata_CarriesBothWsFederationRoleDescriptors_WithTheSigningKey_AndStillVerifies()
    {
        using var client = server.CreateClient();
        var xml = await client.GetStringAsync(new Uri(server.PublicUrl, "/FederationMetadata/2007-06/FederationMetadata.xml"));
        var metadata = Load(xml);
        var ns = Namespaces(metadata);
        ns.AddNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
        var signingKey = Convert.ToBase64String(server.Pki.TokenSigning.RawData);
        var sso = new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri;

        foreach (var type in new[] { "fed:SecurityTokenServiceType", "fed:ApplicationServiceType" })
        {
            var role = (XmlElement?)metadata.SelectSingleNode($"/md:EntityDescriptor/md:RoleDescriptor[@xsi:type='{type}']", ns);
            Assert.NotNull(role);
            Assert.Equal(signingKey, role.SelectSingleNode("md:KeyDescriptor[@use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)!.InnerText);
            Assert.Equal(sso, role.SelectSingleNode("fed:PassiveRequestorEndpoint/wsa:EndpointReference/wsa:Address", ns)!.InnerText);
        }

        var tokenTypes = metadata.SelectNodes("//md:RoleDescriptor[@xsi:type='fed:SecurityTokenServiceType']/fed:TokenTypesOffered/fed:TokenType/@Uri", ns)!.Cast<XmlAttribute>().Select(a => a.Value).ToList();
        Assert.Equal(["urn:oasis:names:tc:SAML:1.0:assertion", "urn:oasis:names:tc:SAML:2.0:assertion"], tokenTypes);
        Assert.NotNull(metadata.SelectSingleNode($"//fed:ClaimTypesOffered/*[@Uri='{SerialNumberClaim}']", ns));
        Assert.NotNull(metadata.SelectSingleNode($"//fed:ClaimTypesOffered/*[@Uri='{IssuerClaim}']", ns));

        // The reader the CLI uses finds the token service's passive endpoint; the signature still verifies, with
        // our verifier (configured key only) and with xmlsec1.
        Assert.Equal([sso], new Protocols.WsFederation.WsFederationMetadataReader().PassiveRequestorEndpoints(metadata.DocumentElement!, "SecurityTokenServiceType").Valid());
        new SignatureVerifier().Verify(metadata.DocumentElement!, [server.Pki.TokenSigning]).Valid();
        var (exitCode, output) = await XmlSec1.VerifyAsync(xml, server.Pki.TokenSigning.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor");
        Assert.True(exitCode == 0, "xmlsec1 refused the metadata signature: " + output);
    }

    private async Task<SignInPage> SignInAsync(X509Certificate2? certificate, string query)
    {
        using var client = server.CreateClient(certificate);
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/?" + query).AbsoluteUri);
        return await SignInPage.ReadAsync(response);
    }

    private async Task<X509Certificate2> SigningCertificateFromMetadataAsync()
    {
        using var client = server.CreateClient();
        var metadata = Load(await client.GetStringAsync(new Uri(server.PublicUrl, "/FederationMetadata/2007-06/FederationMetadata.xml")));
        var base64 = SamlXml.Value(metadata, "//md:IDPSSODescriptor/md:KeyDescriptor[@use='signing' or not(@use)]/ds:KeyInfo/ds:X509Data/ds:X509Certificate");
        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64!));
    }

    private static string Esc(string value) => Uri.EscapeDataString(value);

    private string Now() => XmlConvert.ToString(server.Clock.GetUtcNow().UtcDateTime, XmlDateTimeSerializationMode.Utc);

    private static XmlDocument Load(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(xml);
        return document;
    }

    internal static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var ns = SamlXml.Namespaces(document);
        ns.AddNamespace("t", "http://schemas.xmlsoap.org/ws/2005/02/trust");
        ns.AddNamespace("wsp", "http://schemas.xmlsoap.org/ws/2004/09/policy");
        ns.AddNamespace("wsa", "http://www.w3.org/2005/08/addressing");
        ns.AddNamespace("wsu", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd");
        ns.AddNamespace("saml1", "urn:oasis:names:tc:SAML:1.0:assertion");
        ns.AddNamespace("fed", "http://docs.oasis-open.org/wsfed/federation/200706");
        return ns;
    }

    private static string? Value(XmlDocument document, string xpath) =>
        document.SelectSingleNode(xpath, Namespaces(document)) switch
        {
            XmlAttribute a => a.Value,
            XmlElement e => e.InnerText,
            _ => null,
        };

    private static string? Saml11Attribute(XmlDocument document, string claimType)
    {
        var slash = claimType.LastIndexOf('/');
        return Value(document, $"//saml1:AttributeStatement/saml1:Attribute[@AttributeNamespace='{claimType[..slash]}' and @AttributeName='{claimType[(slash + 1)..]}']/saml1:AttributeValue");
    }
}
