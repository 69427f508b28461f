using System.Text;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Endpoints;

/// <summary>
/// Claim values with a tab (attribute value) or a carriage return (text) keep verifying after the wire trip — checked
/// with xmlsec1, an XML-DSig implementation independent of ours.
/// </summary>
public sealed class WhitespaceClaimsInteropTests
{
    [Fact]
    public async Task SignedResponse_WithTabAndCarriageReturnInValues_VerifiesWithXmlSec1()
    {
        var now = DateTimeOffset.UtcNow;
        using var signing = CertificateFactory.CreateTokenSigning("CN=Whitespace test", now.AddDays(-1), now.AddDays(1));
        var ids = new SamlIdGenerator();
        var assertion = new Assertion
        {
            Id = ids.NewId(),
            IssueInstant = now,
            Issuer = "urn:test:idp",
            Subject = new Subject { NameId = new NameId { Value = "alice@contoso.com", NameQualifier = "a\tb" } },
            AttributeStatement = new AttributeStatement(),
        };
        var attribute = new SamlAttribute { Name = "urn:test:multiline", NameFormat = AttributeNameFormats.Uri };
        attribute.Values.Add("line one\r\nline two");
        assertion.AttributeStatement.Attributes.Add(attribute);
        var response = new SamlResponse { Id = ids.NewId(), IssueInstant = now, Issuer = "urn:test:idp" };
        response.Assertions.Add(assertion);
        var document = new SamlResponseWriter().Write(response);
        new XmlSigner().Sign((System.Xml.XmlElement)document.GetElementsByTagName("Assertion", SamlNamespaces.Assertion)[0]!, signing);

        var wire = Encoding.UTF8.GetString(Convert.FromBase64String(new HttpPostBinding().Encode(document)));
        var (exitCode, output) = await XmlSec1.VerifyAsync(wire, signing.ExportCertificatePem(), "urn:oasis:names:tc:SAML:2.0:assertion:Assertion");

        Assert.True(exitCode == 0, "xmlsec1 refused: " + output);
    }
}
