using System.Xml;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>XPath helpers over SAML documents for structural assertions.</summary>
public static class SamlXml
{
    public static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("samlp", "urn:oasis:names:tc:SAML:2.0:protocol");
        ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:2.0:assertion");
        ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        ns.AddNamespace("md", "urn:oasis:names:tc:SAML:2.0:metadata");
        return ns;
    }

    public static string? Value(XmlDocument document, string xpath) =>
        document.SelectSingleNode(xpath, Namespaces(document)) switch
        {
            XmlAttribute a => a.Value,
            XmlElement e => e.InnerText,
            _ => null,
        };

    public static IReadOnlyList<string> AttributeValues(XmlDocument document, string name) =>
        document.SelectNodes($"//saml:Attribute[@Name='{name}']/saml:AttributeValue", Namespaces(document))!
            .Cast<XmlElement>().Select(e => e.InnerText).ToList();
}
