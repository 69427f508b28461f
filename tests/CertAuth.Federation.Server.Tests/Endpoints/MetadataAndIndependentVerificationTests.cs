using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Endpoints;

/// <summary>
/// The published metadata is signed and names the token-signing key; a token issued to alice verifies with a
/// different XML-DSig implementation (xmlsec1) using only the certificate taken from that metadata.
/// </summary>
public sealed class MetadataAndIndependentVerificationTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task Metadata_IsSigned_AndDescribesBothBindingsAndTheSigningKey()
    {
        var metadata = await GetMetadataAsync();
        var ns = SamlXml.Namespaces(metadata);

        Assert.Equal("https://" + server.PublicUrl.Authority + "/adfs/services/trust", metadata.DocumentElement!.GetAttribute("entityID"));
        var locations = metadata.SelectNodes("//md:IDPSSODescriptor/md:SingleSignOnService", ns)!.Cast<XmlElement>()
            .Select(e => (e.GetAttribute("Binding"), e.GetAttribute("Location"))).ToList();
        Assert.Contains(("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri), locations);
        Assert.Contains(("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", new Uri(server.PublicUrl, "/adfs/ls/").AbsoluteUri), locations);
        Assert.Equal(server.Pki.TokenSigning.RawData, SigningCertificateFrom(metadata).RawData);

        // Our own hardened verifier, with the key from configuration (not from the document).
        var result = new SignatureVerifier().Verify(metadata.DocumentElement, [server.Pki.TokenSigning]).Valid();
        Assert.Equal(server.Pki.TokenSigning.Thumbprint, result.SigningCertificate.Thumbprint);
    }

    [Fact]
    public async Task AlicesToken_VerifiesWithXmlSec1_UsingOnlyTheCertificateFromMetadata()
    {
        var certificate = SigningCertificateFrom(await GetMetadataAsync());
        using var client = server.CreateClient(server.Pki.Alice);
        using var http = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        var response = (await SignInPage.ReadAsync(http)).SamlResponse();

        var (exitCode, output) = await XmlSec1.VerifyAsync(response.OuterXml, certificate.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:assertion:Assertion");
        Assert.True(exitCode == 0, "xmlsec1 refused the assertion signature: " + output);
        Assert.Contains("OK", output, StringComparison.Ordinal);

        // And it is not a rubber stamp: change one claim value and xmlsec1 must refuse.
        var tampered = response.OuterXml.Replace("alice@contoso.com", "mallory@contoso.com", StringComparison.Ordinal);
        var (tamperedExit, _) = await XmlSec1.VerifyAsync(tampered, certificate.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:assertion:Assertion");
        Assert.NotEqual(0, tamperedExit);
    }

    [Fact]
    public async Task PostedSamlResponse_IsWrittenInOnePassInCanonicalForm_AndTheExactBytesVerifyWithXmlSec1()
    {
        // The one-pass issuing writer (src/CertAuth.Federation.Protocols/Xml/SignedXmlMessageWriter.cs): the bytes
        // posted are the exclusive canonical form of the Response (what was hashed is what is sent).
        using var client = server.CreateClient(server.Pki.Alice);
        using var http = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        var posted = Convert.FromBase64String((await SignInPage.ReadAsync(http)).Fields["SAMLResponse"]);
        var xml = System.Text.Encoding.UTF8.GetString(posted);

        var transform = new System.Security.Cryptography.Xml.XmlDsigExcC14NTransform();
        transform.LoadInput(new SafeXmlLoader().Load(xml).Valid());
        using var canonical = new MemoryStream();
        ((Stream)transform.GetOutput(typeof(Stream))).CopyTo(canonical);
        Assert.Equal(xml, System.Text.Encoding.UTF8.GetString(canonical.ToArray()));

        var (exitCode, output) = await XmlSec1.VerifyAsync(xml, server.Pki.TokenSigning.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:assertion:Assertion");
        Assert.True(exitCode == 0, "xmlsec1 refused the assertion signature of the posted bytes: " + output);
    }

    [Fact]
    public async Task Probe_ReportsReady()
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/probe"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Pages_CarryAStrictContentSecurityPolicy()
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon"));

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private async Task<XmlDocument> GetMetadataAsync()
    {
        using var client = server.CreateClient();
        var xml = await client.GetStringAsync(new Uri(server.PublicUrl, "/FederationMetadata/2007-06/FederationMetadata.xml"));
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(xml);
        return document;
    }

    private static X509Certificate2 SigningCertificateFrom(XmlDocument metadata)
    {
        var base64 = SamlXml.Value(metadata, "//md:IDPSSODescriptor/md:KeyDescriptor[@use='signing' or not(@use)]/ds:KeyInfo/ds:X509Data/ds:X509Certificate");
        Assert.NotNull(base64);
        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64));
    }
}
