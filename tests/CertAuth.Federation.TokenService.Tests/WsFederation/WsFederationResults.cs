using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.TokenService.Tests.TestKit;

namespace CertAuth.Federation.TokenService.Tests.WsFederation;

/// <summary>Builds <c>wresult</c> documents as a WS-Federation server sends them (or as an attacker would bend them).</summary>
internal static class WsFederationResults
{
    public static string WsFedUrl(this TokenServiceHost host) => new Uri(host.BaseUrl, "/wsfed").AbsoluteUri;

    /// <summary>An RSTR around <paramref name="assertion"/> as SAML 1.1 (or 2.0), its assertion signed with our signer unless told otherwise.</summary>
    public static string Build(
        TokenServiceHost host, Assertion assertion, bool saml11 = true, bool sign = true, X509Certificate2? signWith = null,
        string? appliesTo = null, Action<XmlDocument, XmlElement>? tamper = null)
    {
        var (document, token) = new RequestSecurityTokenResponseWriter().Write(
            host.Clock.GetUtcNow(), host.Clock.GetUtcNow().AddHours(1), appliesTo ?? host.EntityId,
            saml11 ? WsFederationConstants.Saml11TokenType : WsFederationConstants.Saml2TokenType,
            doc => saml11 ? new Saml11AssertionWriter().CreateElement(doc, assertion) : new AssertionWriter().CreateElement(doc, assertion));
        if (sign)
        {
            new XmlSigner().Sign(token, signWith ?? host.Federation.SigningCertificate, idAttribute: saml11 ? Saml11Namespaces.AssertionIdAttribute : "ID");
        }

        tamper?.Invoke(document, token);
        return document.OuterXml;
    }

    /// <summary>A SAML 1.1 RSTR whose assertion is signed by .NET's SignedXml with RSA-SHA1 and SHA-1 (a real, valid SHA-1 signature).</summary>
    public static string BuildSha1Signed(TokenServiceHost host, Assertion assertion)
    {
        var (document, token) = new RequestSecurityTokenResponseWriter().Write(
            host.Clock.GetUtcNow(), host.Clock.GetUtcNow().AddHours(1), host.EntityId, WsFederationConstants.Saml11TokenType,
            doc => new Saml11AssertionWriter().CreateElement(doc, assertion));
        var signed = new AssertionIdSignedXml(document) { SigningKey = host.Federation.SigningCertificate.GetRSAPrivateKey() };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA1Url;
        var reference = new Reference("#" + assertion.Id) { DigestMethod = SignedXml.XmlDsigSHA1Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        signed.KeyInfo = new KeyInfo();
        signed.KeyInfo.AddClause(new KeyInfoX509Data(host.Federation.SigningCertificate));
        signed.ComputeSignature();
        token.AppendChild(document.ImportNode(signed.GetXml(), deep: true));
        return document.OuterXml;
    }

    private sealed class AssertionIdSignedXml(XmlDocument document) : SignedXml(document)
    {
        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            document?.SelectSingleNode($"//*[@AssertionID='{idValue}']") as XmlElement ?? base.GetIdElement(document, idValue);
    }
}
