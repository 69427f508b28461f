using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace CertAuth.Federation.TokenService.Tests.TestKit;

/// <summary>
/// A SAML 2.0 Response written by hand with <c>System.Xml</c> and signed with <see cref="SignedXml"/> directly —
/// independent of our writer and signer — as another SAML implementation would send it (assertion signed,
/// enveloped + exclusive C14N, RSA-SHA256, SHA-256 digest, certificate in KeyInfo).
/// </summary>
public static class HandBuiltSamlResponse
{
    private const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    private const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";

    public static string Build(
        string issuer, X509Certificate2 signing, string destination, string audience, string inResponseTo, string upn,
        string serialNumber, string certificateIssuer, DateTimeOffset now,
        string signatureMethod = SignedXml.XmlDsigRSASHA256Url, string digestMethod = SignedXml.XmlDsigSHA256Url)
    {
        string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var assertionId = "a" + Guid.NewGuid().ToString("N");
        var xml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<samlp:Response xmlns:samlp=\"{Protocol}\" xmlns:saml=\"{Assertion}\" ID=\"r{Guid.NewGuid():N}\" Version=\"2.0\" IssueInstant=\"{Time(now)}\" Destination=\"{destination}\" InResponseTo=\"{inResponseTo}\">")
            .Append(CultureInfo.InvariantCulture, $"<saml:Issuer>{issuer}</saml:Issuer>")
            .Append("<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>")
            .Append(CultureInfo.InvariantCulture, $"<saml:Assertion ID=\"{assertionId}\" Version=\"2.0\" IssueInstant=\"{Time(now)}\">")
            .Append(CultureInfo.InvariantCulture, $"<saml:Issuer>{issuer}</saml:Issuer>")
            .Append(CultureInfo.InvariantCulture, $"<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\">{upn}</saml:NameID>")
            .Append(CultureInfo.InvariantCulture, $"<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData InResponseTo=\"{inResponseTo}\" NotOnOrAfter=\"{Time(now.AddMinutes(5))}\" Recipient=\"{destination}\"/></saml:SubjectConfirmation></saml:Subject>")
            .Append(CultureInfo.InvariantCulture, $"<saml:Conditions NotBefore=\"{Time(now.AddMinutes(-1))}\" NotOnOrAfter=\"{Time(now.AddHours(1))}\"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>")
            .Append(CultureInfo.InvariantCulture, $"<saml:AuthnStatement AuthnInstant=\"{Time(now)}\"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:X509</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>")
            .Append("<saml:AttributeStatement>")
            .Append(Attribute("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", upn))
            .Append(Attribute("http://schemas.microsoft.com/ws/2008/06/identity/claims/serialnumber", serialNumber))
            .Append(Attribute("http://schemas.microsoft.com/2012/12/certificatecontext/field/issuer", certificateIssuer))
            .Append("</saml:AttributeStatement></saml:Assertion></samlp:Response>")
            .ToString();

        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        var assertion = (XmlElement)document.GetElementsByTagName("Assertion", Assertion)[0]!;
        var signed = new SignedXml(assertion) { SigningKey = signing.GetRSAPrivateKey() };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = signatureMethod;
        var reference = new Reference("#" + assertionId) { DigestMethod = digestMethod };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signing));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();

        // Schema order: the Signature follows the Assertion's Issuer.
        var signature = document.ImportNode(signed.GetXml(), deep: true);
        assertion.InsertAfter(signature, assertion.FirstChild);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));
    }

    private static string Attribute(string name, string value) =>
        $"<saml:Attribute Name=\"{name}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\"><saml:AttributeValue>{SecurityElementEscape(value)}</saml:AttributeValue></saml:Attribute>";

    private static string SecurityElementEscape(string value) => System.Security.SecurityElement.Escape(value);
}
