using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;

namespace CertAuth.Federation.Protocols.Tests.Validation;

/// <summary>
/// The eight XML signature-wrapping attacks of "On Breaking SAML" (Somorovsky et al., 2012), built as the paper lays
/// them out, each with an evil unsigned copy naming another user. XSW1-2 attack the Response signature (validated with
/// only the Response signed), XSW3-8 the Assertion signature. Each is refused with its typed reason, and the evil user
/// never comes out. XSW4 and XSW7 leave the only Assertion the validator reads (the Response's own child) unsigned, so
/// their reason is MissingSignature; XSW3 and XSW5 put two Assertions in the Response.
/// </summary>
public sealed class SignatureWrappingCatalogueTests
{
    private const string EvilUser = "mallory@evil.example";

    private readonly SamlScenario _scenario = new();

    [Theory]
    [InlineData("XSW1", SamlFailureReason.SignatureReferenceInvalid)]
    [InlineData("XSW2", SamlFailureReason.SignatureReferenceInvalid)]
    [InlineData("XSW3", SamlFailureReason.MultipleAssertions)]
    [InlineData("XSW4", SamlFailureReason.MissingSignature)]
    [InlineData("XSW5", SamlFailureReason.MultipleAssertions)]
    [InlineData("XSW6", SamlFailureReason.SignatureReferenceInvalid)]
    [InlineData("XSW7", SamlFailureReason.MissingSignature)]
    [InlineData("XSW8", SamlFailureReason.SignatureReferenceInvalid)]
    public void Xsw_IsRefused_WithItsReason(string variant, SamlFailureReason expected)
    {
        var responseSigned = variant is "XSW1" or "XSW2";
        var document = _scenario.WriteSigned(_scenario.CreateResponse(), signAssertion: !responseSigned, signResponse: responseSigned);
        var wrapped = responseSigned ? WrapResponse(document, variant) : WrapAssertion(document, variant);
        var parameters = _scenario.Parameters(requireSignedAssertion: !responseSigned);

        var ex = Reject.With(expected, () => new SamlResponseValidator().Validate(SamlScenario.ToPost(wrapped), parameters));
        Assert.DoesNotContain(EvilUser, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUnwrappedDocuments_AreAccepted_SoTheRefusalsAreTheWrapping()
    {
        var assertionSigned = _scenario.WriteSigned(_scenario.CreateResponse());
        var responseSigned = new SamlScenario().WriteSigned(_scenario.CreateResponse(), signAssertion: false, signResponse: true);

        Assert.Equal(SamlScenario.UserUpn, new SamlResponseValidator().Validate(SamlScenario.ToPost(assertionSigned), new SamlScenario().Parameters()).Valid().Assertion.Subject!.NameId!.Value);
        Assert.Equal(SamlScenario.UserUpn, new SamlResponseValidator().Validate(SamlScenario.ToPost(responseSigned), new SamlScenario().Parameters(requireSignedAssertion: false)).Valid().Assertion.Subject!.NameId!.Value);
    }

    /// <summary>XSW1: evil Response as root, the signed original inside its copied Signature; XSW2: the original before the Signature.</summary>
    private static XmlDocument WrapResponse(XmlDocument signed, string variant)
    {
        var original = signed.DocumentElement!;
        var originalCopy = (XmlElement)original.CloneNode(true);
        originalCopy.RemoveChild(SamlScenario.Child(originalCopy, SamlNamespaces.XmlDsig, "Signature"));

        var evil = (XmlElement)original.CloneNode(true);
        evil.SetAttribute("ID", "_evil_response");
        MakeEvil(evil);
        var evilSignature = SamlScenario.Child(evil, SamlNamespaces.XmlDsig, "Signature");
        if (variant == "XSW1")
        {
            evilSignature.AppendChild(Object(signed, originalCopy));
        }
        else
        {
            evil.InsertBefore(originalCopy, evilSignature);
        }

        return Document(evil);
    }

    private static XmlDocument WrapAssertion(XmlDocument signed, string variant)
    {
        var response = signed.DocumentElement!;
        var original = SamlScenario.AssertionOf(signed);
        var unsignedOriginal = (XmlElement)original.CloneNode(true);
        unsignedOriginal.RemoveChild(SamlScenario.Child(unsignedOriginal, SamlNamespaces.XmlDsig, "Signature"));
        var evil = (XmlElement)original.CloneNode(true);
        MakeEvil(evil);
        var evilSignature = SamlScenario.Child(evil, SamlNamespaces.XmlDsig, "Signature");
        switch (variant)
        {
            case "XSW3": // evil copy (same ID, no signature) before the signed original
                evil.RemoveChild(evilSignature);
                response.InsertBefore(evil, original);
                break;
            case "XSW4": // evil copy wraps the signed original
                evil.RemoveChild(evilSignature);
                evil.AppendChild(original.CloneNode(true));
                response.ReplaceChild(evil, original);
                break;
            case "XSW5": // evil copy keeps the signature (ID changed); the unsigned original at the end of the Response
                evil.SetAttribute("ID", "_evil_assertion");
                response.ReplaceChild(evil, original);
                response.AppendChild(unsignedOriginal);
                break;
            case "XSW6": // evil copy keeps the signature (ID changed); the unsigned original inside that signature
                evil.SetAttribute("ID", "_evil_assertion");
                evilSignature.AppendChild(Object(signed, unsignedOriginal));
                response.ReplaceChild(evil, original);
                break;
            case "XSW7": // the signed original moved into Extensions; the evil unsigned copy in its place
                evil.RemoveChild(evilSignature);
                var extensions = signed.CreateElement("samlp", "Extensions", SamlNamespaces.Protocol);
                response.InsertBefore(extensions, SamlScenario.Child(response, SamlNamespaces.Protocol, "Status"));
                response.ReplaceChild(evil, original);
                extensions.AppendChild(original);
                break;
            default: // XSW8: evil copy keeps the signature; inside it an Object with the unsigned original (same ID)
                evilSignature.AppendChild(Object(signed, unsignedOriginal));
                response.ReplaceChild(evil, original);
                break;
        }

        return Document(response);
    }

    private static void MakeEvil(XmlElement element)
    {
        foreach (var nameId in element.GetElementsByTagName("NameID", SamlNamespaces.Assertion).OfType<XmlElement>().ToList())
        {
            nameId.InnerText = EvilUser;
        }
    }

    private static XmlElement Object(XmlDocument owner, XmlElement content)
    {
        var obj = owner.CreateElement("ds", "Object", SamlNamespaces.XmlDsig);
        obj.AppendChild(owner.ImportNode(content, true));
        return obj;
    }

    private static XmlDocument Document(XmlElement root)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.AppendChild(document.ImportNode(root, true));
        return document;
    }
}
