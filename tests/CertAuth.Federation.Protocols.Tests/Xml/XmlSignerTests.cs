using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Xml;

public sealed class XmlSignerTests
{
    private readonly SamlScenario _scenario = new();

    [Fact]
    public void SignedAssertion_VerifiesWithPlainSignedXml_IndependentCheck()
    {
        var document = SamlScenario.Reload(new AssertionWriter().Write(_scenario.CreateAssertion()).Also(d =>
            new XmlSigner().Sign(d.DocumentElement!, TestCertificates.IdpRsa)));

        var signedXml = new SignedXml(document);
        var signature = (XmlElement)document.GetElementsByTagName("Signature", SamlNamespaces.XmlDsig)[0]!;
        signedXml.LoadXml(signature);

        Assert.True(signedXml.CheckSignature(TestCertificates.PublicOnly(TestCertificates.IdpRsa), true));
    }

    [Fact]
    public void SignedAssertionInsideResponse_VerifiesWithPlainSignedXml()
    {
        var document = SamlScenario.Reload(_scenario.WriteSigned(_scenario.CreateResponse(), signAssertion: true, signResponse: true));
        var assertion = SamlScenario.AssertionOf(document);
        var signedXml = new SignedXml(assertion);
        signedXml.LoadXml(SamlScenario.Child(assertion, SamlNamespaces.XmlDsig, "Signature"));

        Assert.True(signedXml.CheckSignature(TestCertificates.PublicOnly(TestCertificates.IdpRsa), true));
    }

    [Fact]
    public void Signature_IsPlacedRightAfterIssuer_WithDsPrefixAndExactReference()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());
        var root = document.DocumentElement!;
        new XmlSigner().Sign(root, TestCertificates.IdpRsa);

        var children = root.ChildNodes.OfType<XmlElement>().ToList();
        Assert.Equal("Issuer", children[0].LocalName);
        Assert.Equal("Signature", children[1].LocalName);
        Assert.Equal("ds", children[1].Prefix);
        var reference = (XmlElement)children[1].GetElementsByTagName("Reference", SamlNamespaces.XmlDsig)[0]!;
        Assert.Equal("#" + root.GetAttribute("ID"), reference.GetAttribute("URI"));
        Assert.Contains(TestCertificates.IdpRsa.GetRawCertDataString()[..20], Convert.ToHexString(Convert.FromBase64String(
            children[1].GetElementsByTagName("X509Certificate", SamlNamespaces.XmlDsig)[0]!.InnerText)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SignatureAlgorithms.RsaSha256)]
    [InlineData(SignatureAlgorithms.RsaSha384)]
    [InlineData(SignatureAlgorithms.RsaSha512)]
    public void RsaAlgorithms_RoundTripThroughVerifier(string algorithm)
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa, algorithm);
        var reloaded = SamlScenario.Reload(document);

        var result = new SignatureVerifier().Verify(reloaded.DocumentElement!, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow();

        Assert.Equal(algorithm, result.SignatureAlgorithm);
    }

    [Fact]
    public void Ecdsa_RoundTripsAndVerifiesWithPlainSignedXml()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpEcdsa, SignatureAlgorithms.EcdsaSha256);
        var reloaded = SamlScenario.Reload(document);
        var publicCert = TestCertificates.PublicOnly(TestCertificates.IdpEcdsa);

        var result = new SignatureVerifier().Verify(reloaded.DocumentElement!, [publicCert]).OrThrow();
        var signedXml = new SignedXml(reloaded);
        signedXml.LoadXml((XmlElement)reloaded.GetElementsByTagName("Signature", SamlNamespaces.XmlDsig)[0]!);

        Assert.Equal(publicCert.Thumbprint, result.SigningCertificate.Thumbprint);
        Assert.True(signedXml.CheckSignature(publicCert.GetECDsaPublicKey()!));
    }

    [Fact]
    public void Signer_RefusesSha1()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());

        // Issue 12 item 7: signing our own document with SHA-1 is a bug of the caller, an ArgumentException naming the reason.
        var refused = Assert.Throws<ArgumentException>(() => new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa, SignatureAlgorithms.RsaSha1));
        Assert.Equal("signatureAlgorithm", refused.ParamName);
        Assert.StartsWith(nameof(SamlFailureReason.WeakAlgorithm) + ":", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signer_RefusesElementWithoutId()
    {
        var document = new XmlDocument();
        document.LoadXml("<a xmlns='urn:x'/>");

        Assert.Throws<ArgumentException>(() => new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa));
    }
}
