using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Produces an enveloped XML signature over an element with an <c>ID</c> (Assertion, Response, AuthnRequest,
/// EntityDescriptor): one Reference to <c>#ID</c>, transforms enveloped-signature + exclusive C14N, exclusive C14N
/// for SignedInfo, and a KeyInfo carrying the certificate. The <c>ds:Signature</c> goes right after the
/// <c>saml:Issuer</c> child (SAML Core §5.4.1, schema order), or first when there is no Issuer (metadata).
/// </summary>
public sealed class XmlSigner
{
    /// <summary>Signs <paramref name="element"/> in place with <paramref name="certificate"/>'s private key.</summary>
    /// <param name="element">The element to sign; it must carry a non-empty <c>ID</c> attribute and no signature yet.</param>
    /// <param name="certificate">Certificate with an RSA or ECDSA private key.</param>
    /// <param name="signatureAlgorithm">One of the RSA/ECDSA SHA-256/384/512 URIs in <see cref="SignatureAlgorithms"/>.</param>
    /// <param name="idAttribute">
    /// The attribute holding the element's ID: <c>ID</c> (SAML 2.0, metadata) or <c>AssertionID</c> (SAML 1.1, whose
    /// schema puts <c>ds:Signature</c> last: SAML 1.1 Core §2.3.2, so the signature is then appended).
    /// </param>
    /// <exception cref="ArgumentException">
    /// The algorithm is not allowed for signing (e.g. SHA-1), or the element holds a node exclusive C14N does not take:
    /// what is signed is our own document and configuration, so either is a bug, not a refusal of input.
    /// </exception>
    public void Sign(XmlElement element, X509Certificate2 certificate, string signatureAlgorithm = SignatureAlgorithms.RsaSha256, string idAttribute = "ID")
    {
        try
        {
            SignOrThrow(element, certificate, signatureAlgorithm, idAttribute);
        }
        catch (SamlValidationException ex)
        {
            throw SigningRefused(ex, nameof(element));
        }
    }

    /// <summary>The rule failure of a signing call (our own document or configuration) as the bug it is.</summary>
    internal static ArgumentException SigningRefused(SamlValidationException ex, string elementParameter) =>
        new($"{ex.Reason}: {ex.Message}", ex.Reason == SamlFailureReason.WeakAlgorithm ? "signatureAlgorithm" : elementParameter, ex);

    private static void SignOrThrow(XmlElement element, X509Certificate2 certificate, string signatureAlgorithm, string idAttribute)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(certificate);
        var id = element.GetAttribute(idAttribute);
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("The element to sign has no ID attribute.", nameof(element));
        }

        if (element.ChildElements(SamlNamespaces.XmlDsig, "Signature").Any())
        {
            throw new ArgumentException("The element is already signed.", nameof(element));
        }

        var digestMethod = SignatureAlgorithmRules.DigestFor(signatureAlgorithm);
        var (_, hash) = SignatureAlgorithmRules.RequireAllowedSignatureMethod(signatureAlgorithm, allowSha1: false);

        // The Signature is not in place yet, so the enveloped-signature transform is the identity here. The same
        // canonicalizer as the verifier's, straight from the DOM.
        var digest = ExclusiveCanonicalizer.Hash(element, hash);

        var document = element.OwnerDocument;
        var signature = document.CreateDs("Signature");
        var signedInfo = signature.AppendElement(document.CreateDs("SignedInfo"));
        signedInfo.AppendElement(document.CreateDs("CanonicalizationMethod"))
            .SetAttribute("Algorithm", SignatureAlgorithms.ExclusiveC14N);
        signedInfo.AppendElement(document.CreateDs("SignatureMethod")).SetAttribute("Algorithm", signatureAlgorithm);
        var reference = signedInfo.AppendElement(document.CreateDs("Reference"));
        reference.SetAttribute("URI", "#" + id);
        var transforms = reference.AppendElement(document.CreateDs("Transforms"));
        transforms.AppendElement(document.CreateDs("Transform")).SetAttribute("Algorithm", SignatureAlgorithms.EnvelopedSignature);
        transforms.AppendElement(document.CreateDs("Transform")).SetAttribute("Algorithm", SignatureAlgorithms.ExclusiveC14N);
        reference.AppendElement(document.CreateDs("DigestMethod")).SetAttribute("Algorithm", digestMethod);
        reference.AppendTextElement(document.CreateDs("DigestValue"), Convert.ToBase64String(digest));

        var signatureValue = signature.AppendElement(document.CreateDs("SignatureValue"));
        var keyInfo = signature.AppendElement(document.CreateDs("KeyInfo"));
        keyInfo.AppendElement(document.CreateDs("X509Data"))
            .AppendTextElement(document.CreateDs("X509Certificate"), Convert.ToBase64String(certificate.RawData));

        var issuer = element.ChildElements().FirstOrDefault();
        if (idAttribute == Saml11.Saml11Namespaces.AssertionIdAttribute)
        {
            element.AppendChild(signature);
        }
        else if (issuer is not null && issuer.LocalName == "Issuer" && issuer.NamespaceURI == SamlNamespaces.Assertion)
        {
            element.InsertAfter(signature, issuer);
        }
        else
        {
            element.PrependChild(signature);
        }

        var signedBytes = SignatureAlgorithmRules.Sign(ExclusiveCanonicalizer.Canonicalize(signedInfo), certificate, signatureAlgorithm);
        signatureValue.AppendChild(document.CreateTextNode(Convert.ToBase64String(signedBytes)));
    }
}
