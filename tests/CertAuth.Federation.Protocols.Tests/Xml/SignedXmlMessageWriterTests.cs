using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Xml;

/// <summary>
/// The one-pass issuing writer (src/CertAuth.Federation.Protocols/Xml/SignedXmlMessageWriter.cs): every variant the
/// federation server sends — SAML 2.0 Response with a signed Assertion, a signed Response, both; a WS-Fed wresult with
/// a SAML 1.1 or SAML 2.0 assertion — verified by Debian xmlsec1 (an independent XML-DSig implementation) on the exact
/// bytes sent and by our own validators; RSA output equal byte for byte to the DOM signer's output in canonical form.
/// </summary>
public sealed class SignedXmlMessageWriterTests
{
    private const string AssertionNode = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion";
    private const string ResponseNode = "urn:oasis:names:tc:SAML:2.0:protocol:Response";
    private readonly SamlScenario _scenario = new();

    public static TheoryData<bool, bool> Saml2Variants => new() { { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Saml2Variants))]
    public async Task Saml2Response_EveryVariant_VerifiesWithXmlSec1AndOurValidator(bool signAssertion, bool signResponse)
    {
        var response = _scenario.CreateResponse();
        var bytes = WriteOnePass(response, signAssertion, signResponse, TestCertificates.IdpRsa, SignatureAlgorithms.RsaSha256);
        var xml = Encoding.UTF8.GetString(bytes);
        var pem = TestCertificates.IdpRsa.ExportCertificatePem();

        if (signAssertion)
        {
            var (exit, output) = await XmlSec1.VerifyAsync(xml, pem, AssertionNode);
            Assert.True(exit == 0, "xmlsec1 refused the assertion signature: " + output);
        }

        if (signResponse)
        {
            var (exit, output) = await XmlSec1.VerifyAsync(xml, pem, ResponseNode);
            Assert.True(exit == 0, "xmlsec1 refused the response signature: " + output);
        }

        var valid = new SamlResponseValidator().Validate(Convert.ToBase64String(bytes), _scenario.Parameters(requireSignedAssertion: signAssertion)).Valid();
        Assert.Equal(SamlScenario.UserUpn, valid.Assertion.Subject!.NameId!.Value);

        // Not a rubber stamp: one changed character in the signed content and both refuse.
        var tampered = xml.Replace(SamlScenario.UserUpn, "mallory@example.com", StringComparison.Ordinal);
        Assert.NotEqual(0, (await XmlSec1.VerifyAsync(tampered, pem, signAssertion ? AssertionNode : ResponseNode)).ExitCode);
        Assert.IsType<SamlResult<ValidatedAssertion>.Invalid>(
            new SamlResponseValidator().Validate(Convert.ToBase64String(Encoding.UTF8.GetBytes(tampered)), new SamlScenario().Parameters(requireSignedAssertion: signAssertion)));
    }

    [Theory]
    [MemberData(nameof(Saml2Variants))]
    public void Saml2Response_Rsa_EqualsTheDomSignersOutputInCanonicalForm(bool signAssertion, bool signResponse)
    {
        var response = _scenario.CreateResponse();

        var onePass = WriteOnePass(response, signAssertion, signResponse, TestCertificates.IdpRsa, SignatureAlgorithms.RsaSha256);
        var viaDom = _scenario.WriteSigned(response, signAssertion, signResponse);

        // RSA PKCS#1 v1.5 is deterministic: same document, same key, same bytes. The reference is .NET's own exclusive
        // C14N transform over the DOM signer's document as a receiver parses it.
        Assert.Equal(Encoding.UTF8.GetString(ExcC14N(SamlScenario.Reload(viaDom))), Encoding.UTF8.GetString(onePass));
    }

    [Fact]
    public void Output_IsItsOwnExclusiveCanonicalForm_AndTheDomIsLeftUnsigned()
    {
        var document = new SamlResponseWriter().Write(_scenario.CreateResponse());
        var bytes = new SignedXmlMessageWriter().Write(document, [(SamlScenario.AssertionOf(document), "ID"), (document.DocumentElement!, "ID")], TestCertificates.IdpRsa);

        Assert.Equal(bytes, ExcC14N(new SafeXmlLoader().Load(Encoding.UTF8.GetString(bytes)).OrThrow()));
        Assert.Empty(document.GetElementsByTagName("Signature", SamlNamespaces.XmlDsig));
    }

    [Fact]
    public async Task Saml2Response_Ecdsa_BothSigned_VerifiesWithXmlSec1AndOurValidator()
    {
        var bytes = WriteOnePass(_scenario.CreateResponse(), true, true, TestCertificates.IdpEcdsa, SignatureAlgorithms.EcdsaSha256);
        var xml = Encoding.UTF8.GetString(bytes);
        var pem = TestCertificates.IdpEcdsa.ExportCertificatePem();

        Assert.Equal(0, (await XmlSec1.VerifyAsync(xml, pem, AssertionNode)).ExitCode);
        Assert.Equal(0, (await XmlSec1.VerifyAsync(xml, pem, ResponseNode)).ExitCode);
        var issuers = new[] { new TrustedIssuer(SamlScenario.IdpEntityId, [TestCertificates.PublicOnly(TestCertificates.IdpEcdsa)]) };
        new SamlResponseValidator().Validate(Convert.ToBase64String(bytes), _scenario.Parameters(issuers: issuers)).Valid();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WsFedWresult_Saml11OrSaml2_VerifiesWithXmlSec1AndOurValidator(bool saml11)
    {
        var assertion = _scenario.CreateAssertion(inResponseTo: null);
        var (document, token) = new RequestSecurityTokenResponseWriter().Write(
            SamlScenario.Now,
            SamlScenario.Now.AddHours(1),
            SamlScenario.SpEntityId,
            saml11 ? WsFederationConstants.Saml11TokenType : WsFederationConstants.Saml2TokenType,
            doc => saml11 ? new Saml11AssertionWriter().CreateElement(doc, assertion) : new AssertionWriter().CreateElement(doc, assertion));
        var idAttribute = saml11 ? Saml11Namespaces.AssertionIdAttribute : "ID";

        var wresult = Encoding.UTF8.GetString(new SignedXmlMessageWriter().Write(document, [(token, idAttribute)], TestCertificates.IdpRsa));

        var (exit, output) = await XmlSec1.VerifyAsync(
            wresult, TestCertificates.IdpRsa.ExportCertificatePem(), saml11 ? "urn:oasis:names:tc:SAML:1.0:assertion:Assertion" : AssertionNode, idAttribute);
        Assert.True(exit == 0, "xmlsec1 refused the wresult's assertion signature: " + output);
        new WsFederationResultValidator().Validate(wresult, _scenario.Parameters(expectedInResponseTo: null, allowUnsolicited: true)).Valid();
        var reloaded = new SafeXmlLoader().Load(wresult).OrThrow();
        var signed = (XmlElement)reloaded.GetElementsByTagName("Assertion", saml11 ? Saml11Namespaces.Assertion : SamlNamespaces.Assertion)[0]!;
        Assert.Equal("Signature", saml11 ? signed.LastChild!.LocalName : signed.ChildNodes[1]!.LocalName);
    }

    [Fact]
    public void NamespaceDeclaredOutsideTheSignedElement_FallsBackToTheDomSigner_StillVerifies()
    {
        // The root uses the saml prefix itself, so in the document's canonical form the Assertion inherits the saml
        // declaration while its own canonical form declares it: the one-pass digest would be wrong, so the writer must
        // notice and sign on the DOM instead (observable: the DOM then carries the signature).
        var document = XmlElementWriting.NewDocument();
        var root = document.CreateSaml("Evidence");
        document.AppendChild(root);
        var assertion = new AssertionWriter().CreateElement(document, _scenario.CreateAssertion());
        root.AppendChild(assertion);

        var bytes = new SignedXmlMessageWriter().Write(document, [(assertion, "ID")], TestCertificates.IdpRsa);

        Assert.Single(assertion.ChildElements(SamlNamespaces.XmlDsig, "Signature"));
        var received = new SafeXmlLoader().Load(Encoding.UTF8.GetString(bytes)).OrThrow();
        var receivedAssertion = (XmlElement)received.DocumentElement!.FirstChild!;
        new SignatureVerifier().Verify(receivedAssertion, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow();
    }

    [Fact]
    public void RefusesSha1_AnElementWithoutId_AndASignedElement()
    {
        var document = new SamlResponseWriter().Write(_scenario.CreateResponse());
        var assertion = SamlScenario.AssertionOf(document);

        var sha1 = Assert.Throws<ArgumentException>(() => new SignedXmlMessageWriter().Write(document, [(assertion, "ID")], TestCertificates.IdpRsa, SignatureAlgorithms.RsaSha1));
        Assert.Equal("signatureAlgorithm", sha1.ParamName);
        Assert.StartsWith(nameof(SamlFailureReason.WeakAlgorithm) + ":", sha1.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SignedXmlMessageWriter().Write(document, [(assertion, "AssertionID")], TestCertificates.IdpRsa));
        new XmlSigner().Sign(assertion, TestCertificates.IdpRsa);
        Assert.Throws<ArgumentException>(() => new SignedXmlMessageWriter().Write(document, [(assertion, "ID")], TestCertificates.IdpRsa));
    }

    private static byte[] WriteOnePass(SamlResponse response, bool signAssertion, bool signResponse, X509Certificate2 certificate, string algorithm)
    {
        var document = new SamlResponseWriter().Write(response);
        var targets = new List<(XmlElement, string)>();
        if (signAssertion)
        {
            targets.Add((SamlScenario.AssertionOf(document), "ID"));
        }

        if (signResponse)
        {
            targets.Add((document.DocumentElement!, "ID"));
        }

        return new SignedXmlMessageWriter().Write(document, targets, certificate, algorithm);
    }

    private static byte[] ExcC14N(XmlDocument document)
    {
        var transform = new XmlDsigExcC14NTransform();
        transform.LoadInput(document);
        using var stream = (Stream)transform.GetOutput(typeof(Stream));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
