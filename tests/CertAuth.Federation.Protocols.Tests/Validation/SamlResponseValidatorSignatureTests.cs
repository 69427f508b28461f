using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Validation;

/// <summary>Signature presence, integrity and XML signature wrapping (XSW) against the response validator.</summary>
public sealed class SamlResponseValidatorSignatureTests
{
    private readonly SamlScenario _scenario = new();
    private readonly SamlResponseValidator _validator = new();

    private SamlResult<ValidatedAssertion> Validate(XmlDocument document, SamlResponseValidationParameters? p = null) =>
        _validator.Validate(SamlScenario.ToPost(document), p ?? _scenario.Parameters());

    private void Rejects(SamlFailureReason reason, XmlDocument document, SamlResponseValidationParameters? p = null) =>
        Reject.With(reason, () => Validate(document, p));

    [Fact]
    public void SignatureRemoved_IsMissingSignature()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());
        var assertion = SamlScenario.AssertionOf(document);
        assertion.RemoveChild(SamlScenario.Child(assertion, SamlNamespaces.XmlDsig, "Signature"));

        Rejects(SamlFailureReason.MissingSignature, document);
    }

    [Fact]
    public void AssertionChangedAfterSigning_IsInvalidSignature()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());
        ((XmlElement)document.GetElementsByTagName("NameID", SamlNamespaces.Assertion)[0]!).InnerText = "admin@example.com";

        Rejects(SamlFailureReason.InvalidSignature, document);
    }

    [Fact]
    public void ResponseChangedAfterSigning_WithSignedResponseOnly_IsInvalidSignature()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse(), signAssertion: false, signResponse: true);
        ((XmlElement)document.GetElementsByTagName("NameID", SamlNamespaces.Assertion)[0]!).InnerText = "admin@example.com";

        Rejects(SamlFailureReason.InvalidSignature, document, _scenario.Parameters(requireSignedAssertion: false));
    }

    [Fact]
    public void Wrapping_ExtraUnsignedCopyWithSameId_IsSignatureReferenceInvalid()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());
        var root = document.DocumentElement!;
        var copy = (XmlElement)SamlScenario.AssertionOf(document).CloneNode(true);
        copy.RemoveChild(SamlScenario.Child(copy, SamlNamespaces.XmlDsig, "Signature"));
        var extensions = root.InsertBefore(document.CreateElement("samlp", "Extensions", SamlNamespaces.Protocol), SamlScenario.Child(root, SamlNamespaces.Protocol, "Status"))!;
        extensions.AppendChild(copy);

        Rejects(SamlFailureReason.SignatureReferenceInvalid, document);
    }

    [Fact]
    public void Wrapping_SignedAssertionMovedToExtensions_ForgedOneWithCopiedSignatureInItsPlace_IsSignatureReferenceInvalid()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());
        var root = document.DocumentElement!;
        var original = SamlScenario.AssertionOf(document);
        var forged = (XmlElement)original.CloneNode(true);
        ((XmlElement)forged.GetElementsByTagName("NameID", SamlNamespaces.Assertion)[0]!).InnerText = "admin@example.com";
        root.ReplaceChild(forged, original);
        var extensions = root.InsertBefore(document.CreateElement("samlp", "Extensions", SamlNamespaces.Protocol), SamlScenario.Child(root, SamlNamespaces.Protocol, "Status"))!;
        extensions.AppendChild(original);

        Rejects(SamlFailureReason.SignatureReferenceInvalid, document);
    }

    [Fact]
    public void Wrapping_SignedAssertionMovedIntoSignatureObject_ForgedUnsignedOneInItsPlace_IsRejected()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse(), signAssertion: true, signResponse: true);
        var root = document.DocumentElement!;
        var original = SamlScenario.AssertionOf(document);
        var forged = _scenario.CreateAssertion();
        forged.Subject!.NameId!.Value = "admin@example.com";
        var forgedElement = new AssertionWriter().CreateElement(document, forged);
        root.ReplaceChild(forgedElement, original);
        var responseSignature = SamlScenario.Child(root, SamlNamespaces.XmlDsig, "Signature");
        responseSignature.AppendChild(document.CreateElement("ds", "Object", SamlNamespaces.XmlDsig))!.AppendChild(original);

        Rejects(SamlFailureReason.UnsignedAssertion, document);
        Rejects(SamlFailureReason.InvalidSignature, document, _scenario.Parameters(requireSignedAssertion: false));
    }

    [Fact]
    public void Wrapping_ForgedAssertionWithOtherIdInExtensions_IsMultipleAssertions()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());
        var root = document.DocumentElement!;
        var forged = _scenario.CreateAssertion();
        forged.Subject!.NameId!.Value = "admin@example.com";
        var extensions = root.InsertBefore(document.CreateElement("samlp", "Extensions", SamlNamespaces.Protocol), SamlScenario.Child(root, SamlNamespaces.Protocol, "Status"))!;
        extensions.AppendChild(new AssertionWriter().CreateElement(document, forged));

        // Issue 11 item 3: an unsigned Assertion anywhere besides the verified one refuses the whole Response.
        Rejects(SamlFailureReason.MultipleAssertions, document);
    }

    [Fact]
    public void AttackerSignedWithOwnCertificateInKeyInfo_IsUntrustedKey()
    {
        Rejects(SamlFailureReason.UntrustedKey, _scenario.WriteSigned(_scenario.CreateResponse(), certificate: TestCertificates.AttackerRsa));
    }
}
