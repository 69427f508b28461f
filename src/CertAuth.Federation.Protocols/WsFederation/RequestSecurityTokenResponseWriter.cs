using System.Xml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.WsFederation;

/// <summary>
/// Writes the <c>wresult</c> of a passive sign-in (WS-Federation 1.2 §13.2.3): a WS-Trust February 2005
/// <c>t:RequestSecurityTokenResponse</c> with <c>t:Lifetime</c> (<c>wsu:Created</c>/<c>wsu:Expires</c>),
/// <c>wsp:AppliesTo</c> (the realm as a <c>wsa:EndpointReference</c>), <c>t:RequestedSecurityToken</c> holding the
/// assertion, <c>t:TokenType</c>, <c>t:RequestType</c> Issue and <c>t:KeyType</c> bearer — the shape AD FS sends.
/// The assertion element is created by the caller in the returned document and signed there in place.
/// </summary>
public sealed class RequestSecurityTokenResponseWriter
{
    /// <summary>
    /// Creates the response document. <paramref name="createToken"/> builds the assertion element in the document it is
    /// given; the returned tuple names it so the caller can sign it where it sits.
    /// </summary>
    public (XmlDocument Document, XmlElement Token) Write(
        DateTimeOffset created, DateTimeOffset expires, string appliesTo, string tokenType, Func<XmlDocument, XmlElement> createToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(appliesTo);
        ArgumentException.ThrowIfNullOrEmpty(tokenType);
        ArgumentNullException.ThrowIfNull(createToken);
        var document = XmlElementWriting.NewDocument();
        var root = Trust(document, "RequestSecurityTokenResponse");
        document.AppendChild(root);

        var lifetime = root.AppendElement(Trust(document, "Lifetime"));
        lifetime.AppendTextElement(document.CreateElement("wsu", "Created", WsFederationConstants.UtilityNamespace), SamlXmlConvert.FormatDateTime(created));
        lifetime.AppendTextElement(document.CreateElement("wsu", "Expires", WsFederationConstants.UtilityNamespace), SamlXmlConvert.FormatDateTime(expires));

        var appliesToElement = root.AppendElement(document.CreateElement("wsp", "AppliesTo", WsFederationConstants.PolicyNamespace));
        appliesToElement.AppendElement(document.CreateElement("wsa", "EndpointReference", WsFederationConstants.AddressingNamespace))
            .AppendTextElement(document.CreateElement("wsa", "Address", WsFederationConstants.AddressingNamespace), appliesTo);

        var requested = root.AppendElement(Trust(document, "RequestedSecurityToken"));
        var token = createToken(document);
        requested.AppendChild(token);

        root.AppendTextElement(Trust(document, "TokenType"), tokenType);
        root.AppendTextElement(Trust(document, "RequestType"), WsFederationConstants.IssueRequestType);
        root.AppendTextElement(Trust(document, "KeyType"), WsFederationConstants.BearerKeyType);
        return (document, token);
    }

    private static XmlElement Trust(XmlDocument document, string localName) =>
        document.CreateElement(WsFederationConstants.TrustPrefix, localName, WsFederationConstants.TrustNamespace);
}
