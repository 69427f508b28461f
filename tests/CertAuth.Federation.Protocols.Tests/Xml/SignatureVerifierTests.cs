using System.Security.Cryptography.Xml;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Xml;

public sealed class SignatureVerifierTests
{
    private readonly SamlScenario _scenario = new();
    private readonly SignatureVerifier _verifier = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2[] _trusted =
        [TestCertificates.PublicOnly(TestCertificates.IdpRsa)];

    private XmlDocument UnsignedAssertion() => new AssertionWriter().Write(_scenario.CreateAssertion());

    private XmlDocument SignedAssertion()
    {
        var document = UnsignedAssertion();
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        return SamlScenario.Reload(document);
    }

    [Fact]
    public void Verify_ReturnsTheTrustedCertificateThatMatched_AmongSeveral()
    {
        var document = SignedAssertion();
        var next = TestCertificates.PublicOnly(TestCertificates.IdpRsaNext);

        var result = _verifier.Verify(document.DocumentElement!, [next, _trusted[0]]).OrThrow();

        Assert.Equal(_trusted[0].Thumbprint, result.SigningCertificate.Thumbprint);
    }

    [Fact]
    public void Verify_Unsigned_IsMissingSignature()
    {
        Reject.With(SamlFailureReason.MissingSignature, () => _verifier.Verify(UnsignedAssertion().DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_ContentChangedAfterSigning_IsInvalidSignature()
    {
        var document = SignedAssertion();
        var nameId = (XmlElement)document.GetElementsByTagName("NameID", SamlNamespaces.Assertion)[0]!;
        nameId.InnerText = "admin@example.com";

        Reject.With(SamlFailureReason.InvalidSignature, () => _verifier.Verify(document.DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_SignedByAttackerWithOwnCertInKeyInfo_IsUntrustedKey()
    {
        var document = UnsignedAssertion();
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.AttackerRsa);

        Reject.With(SamlFailureReason.UntrustedKey, () => _verifier.Verify(SamlScenario.Reload(document).DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_SignedByAttackerButKeyInfoClaimsTrustedCert_IsRejected()
    {
        var document = UnsignedAssertion();
        CraftedSigner.Sign(document.DocumentElement!, TestCertificates.AttackerRsa, keyInfoCertificate: TestCertificates.PublicOnly(TestCertificates.IdpRsa));

        Reject.With(SamlFailureReason.InvalidSignature, () => _verifier.Verify(SamlScenario.Reload(document).DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_NoTrustedCertificates_IsUntrustedKey()
    {
        Reject.With(SamlFailureReason.UntrustedKey, () => _verifier.Verify(SignedAssertion().DocumentElement!, []).OrThrow());
    }

    [Fact]
    public void Verify_Sha1_IsWeakAlgorithmByDefault_AndAcceptedWhenAllowed()
    {
        var document = UnsignedAssertion();
        CraftedSigner.Sign(document.DocumentElement!, TestCertificates.IdpRsa, SignatureAlgorithms.RsaSha1, SignatureAlgorithms.Sha1Digest);
        var reloaded = SamlScenario.Reload(document);

        Reject.With(SamlFailureReason.WeakAlgorithm, () => _verifier.Verify(reloaded.DocumentElement!, _trusted).OrThrow());
        Assert.NotNull(_verifier.Verify(reloaded.DocumentElement!, _trusted, allowSha1: true).OrThrow());
    }

    [Fact]
    public void Verify_Sha1DigestWithSha256Signature_IsWeakAlgorithm()
    {
        var document = UnsignedAssertion();
        CraftedSigner.Sign(document.DocumentElement!, TestCertificates.IdpRsa, digestMethod: SignatureAlgorithms.Sha1Digest);

        Reject.With(SamlFailureReason.WeakAlgorithm, () => _verifier.Verify(SamlScenario.Reload(document).DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_ExtraTransform_IsDisallowedTransform()
    {
        var document = UnsignedAssertion();
        CraftedSigner.Sign(document.DocumentElement!, TestCertificates.IdpRsa, extraTransforms: [new XmlDsigC14NTransform()]);

        Reject.With(SamlFailureReason.DisallowedTransform, () => _verifier.Verify(SamlScenario.Reload(document).DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_HostileAlgorithmText_IsNotEchoedRawIntoTheMessage()
    {
        var document = SignedAssertion();
        var transform = (XmlElement)document.GetElementsByTagName("Transform", SamlNamespaces.XmlDsig)[1]!;
        transform.SetAttribute("Algorithm", "urn:x<script>alert(1)</script>\r\nforged log line");

        var ex = Reject.With(SamlFailureReason.DisallowedTransform, () => _verifier.Verify(document.DocumentElement!, _trusted).OrThrow());

        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_InclusiveCanonicalizationOfSignedInfo_IsDisallowedTransform()
    {
        var document = UnsignedAssertion();
        CraftedSigner.Sign(document.DocumentElement!, TestCertificates.IdpRsa, canonicalization: SignedXml.XmlDsigC14NTransformUrl);

        Reject.With(SamlFailureReason.DisallowedTransform, () => _verifier.Verify(SamlScenario.Reload(document).DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_TwoReferences_IsSignatureReferenceInvalid()
    {
        var document = UnsignedAssertion();
        CraftedSigner.Sign(document.DocumentElement!, TestCertificates.IdpRsa, secondReference: true);

        Reject.With(SamlFailureReason.SignatureReferenceInvalid, () => _verifier.Verify(SamlScenario.Reload(document).DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_ReferenceToWholeDocument_IsSignatureReferenceInvalid()
    {
        var document = UnsignedAssertion();
        CraftedSigner.Sign(document.DocumentElement!, TestCertificates.IdpRsa, referenceUri: string.Empty);

        Reject.With(SamlFailureReason.SignatureReferenceInvalid, () => _verifier.Verify(SamlScenario.Reload(document).DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_TwoSignatureChildren_IsSignatureReferenceInvalid()
    {
        var document = SignedAssertion();
        var root = document.DocumentElement!;
        var signature = SamlScenario.Child(root, SamlNamespaces.XmlDsig, "Signature");
        root.InsertAfter(signature.CloneNode(true), signature);

        Reject.With(SamlFailureReason.SignatureReferenceInvalid, () => _verifier.Verify(root, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_IdOccursTwiceInDocument_IsSignatureReferenceInvalid()
    {
        var response = _scenario.WriteSigned(_scenario.CreateResponse());
        var root = response.DocumentElement!;
        var assertion = SamlScenario.AssertionOf(response);
        var copy = (XmlElement)assertion.CloneNode(true);
        copy.RemoveChild(SamlScenario.Child(copy, SamlNamespaces.XmlDsig, "Signature"));
        var extensions = response.CreateElement("samlp", "Extensions", SamlNamespaces.Protocol);
        extensions.AppendChild(copy);
        root.InsertBefore(extensions, SamlScenario.Child(root, "urn:oasis:names:tc:SAML:2.0:protocol", "Status"));
        var reloaded = SamlScenario.Reload(response);

        Reject.With(SamlFailureReason.SignatureReferenceInvalid, () => _verifier.Verify(SamlScenario.AssertionOf(reloaded), _trusted).OrThrow());
    }

    [Fact]
    public void Verify_SignatureOfAnotherElementMovedHere_IsSignatureReferenceInvalid()
    {
        var document = SignedAssertion();
        var root = document.DocumentElement!;
        root.SetAttribute("ID", "_forged");

        Reject.With(SamlFailureReason.SignatureReferenceInvalid, () => _verifier.Verify(root, _trusted).OrThrow());
    }

    [Fact]
    public void VerifyRedirectSignature_Unsigned_IsMissingSignature()
    {
        Reject.With(SamlFailureReason.MissingSignature, () => _verifier.VerifyRedirectSignature("SAMLRequest=abc&RelayState=x", _trusted).OrThrow());
    }

    [Fact]
    public void Verify_TransformsInAnotherOrder_IsDisallowedTransform_NeverHandedToAnotherVerifier()
    {
        var document = SignedAssertion();
        var transforms = (XmlElement)document.GetElementsByTagName("Transforms", SamlNamespaces.XmlDsig)[0]!;
        transforms.AppendChild(transforms.FirstChild!);

        Reject.With(SamlFailureReason.DisallowedTransform, () => _verifier.Verify(document.DocumentElement!, _trusted).OrThrow());
    }

    [Fact]
    public void Verify_OnlyTheExclusiveTransform_IsDisallowedTransform()
    {
        var document = SignedAssertion();
        var transforms = (XmlElement)document.GetElementsByTagName("Transforms", SamlNamespaces.XmlDsig)[0]!;
        transforms.RemoveChild(transforms.FirstChild!);

        Reject.With(SamlFailureReason.DisallowedTransform, () => _verifier.Verify(document.DocumentElement!, _trusted).OrThrow());
    }

    [Theory]
    [InlineData("<ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>")]
    [InlineData("<ec:Other xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"saml\"/>")]
    [InlineData("<ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"a\"/><ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"b\"/>")]
    [InlineData("text")]
    public void Verify_UnsupportedCanonicalizationParameters_AreDisallowedTransform(string parameters)
    {
        var document = SignedAssertion();
        var method = (XmlElement)document.GetElementsByTagName("CanonicalizationMethod", SamlNamespaces.XmlDsig)[0]!;
        var fragment = document.CreateDocumentFragment();
        fragment.InnerXml = parameters;
        method.AppendChild(fragment);

        Reject.With(SamlFailureReason.DisallowedTransform, () => _verifier.Verify(document.DocumentElement!, _trusted).OrThrow());
    }
}
