using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.TestKit;

/// <summary>
/// Signs with the framework's plain <see cref="SignedXml"/> so tests can craft signatures our signer refuses to make
/// (SHA-1, other transforms, extra references, foreign KeyInfo).
/// </summary>
internal static class CraftedSigner
{
    public static XmlElement Sign(
        XmlElement element,
        X509Certificate2 certificate,
        string signatureMethod = SignatureAlgorithms.RsaSha256,
        string digestMethod = SignatureAlgorithms.Sha256Digest,
        string canonicalization = SignatureAlgorithms.ExclusiveC14N,
        string? referenceUri = null,
        IEnumerable<Transform>? extraTransforms = null,
        bool secondReference = false,
        X509Certificate2? keyInfoCertificate = null,
        string? inclusivePrefixes = null)
    {
        EcdsaSignatureRegistration.EnsureRegistered();
        var id = element.GetAttribute("ID");
        var signedXml = new SignedXml(element.OwnerDocument)
        {
            SigningKey = (System.Security.Cryptography.AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey(),
        };
        signedXml.SignedInfo!.CanonicalizationMethod = canonicalization;
        signedXml.SignedInfo.SignatureMethod = signatureMethod;
        var reference = new Reference(referenceUri ?? "#" + id) { DigestMethod = digestMethod };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(inclusivePrefixes is null ? new XmlDsigExcC14NTransform() : new XmlDsigExcC14NTransform(inclusivePrefixes));
        foreach (var transform in extraTransforms ?? [])
        {
            reference.AddTransform(transform);
        }

        signedXml.AddReference(reference);
        if (secondReference)
        {
            var second = new Reference("#" + id) { DigestMethod = digestMethod };
            second.AddTransform(new XmlDsigEnvelopedSignatureTransform());
            second.AddTransform(new XmlDsigExcC14NTransform());
            signedXml.AddReference(second);
        }

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(keyInfoCertificate ?? certificate));
        signedXml.KeyInfo = keyInfo;
        signedXml.ComputeSignature();
        var signature = (XmlElement)element.OwnerDocument.ImportNode(signedXml.GetXml(), true);
        var issuer = element.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "Issuer" && e.NamespaceURI == SamlNamespaces.Assertion);
        if (issuer is null)
        {
            element.PrependChild(signature);
        }
        else
        {
            element.InsertAfter(signature, issuer);
        }

        return signature;
    }
}
