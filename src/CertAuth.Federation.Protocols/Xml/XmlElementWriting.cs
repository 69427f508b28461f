using System.Xml;
using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>Element creation helpers shared by the writers; prefixes are fixed per namespace.</summary>
internal static class XmlElementWriting
{
    public static XmlElement CreateSaml(this XmlDocument document, string localName) =>
        document.CreateElement(SamlNamespaces.AssertionPrefix, localName, SamlNamespaces.Assertion);

    public static XmlElement CreateSamlp(this XmlDocument document, string localName) =>
        document.CreateElement(SamlNamespaces.ProtocolPrefix, localName, SamlNamespaces.Protocol);

    public static XmlElement CreateMd(this XmlDocument document, string localName) =>
        document.CreateElement(SamlNamespaces.MetadataPrefix, localName, SamlNamespaces.Metadata);

    public static XmlElement CreateDs(this XmlDocument document, string localName) =>
        document.CreateElement(SamlNamespaces.XmlDsigPrefix, localName, SamlNamespaces.XmlDsig);

    public static XmlElement AppendElement(this XmlElement parent, XmlElement child)
    {
        parent.AppendChild(child);
        return child;
    }

    public static XmlElement AppendTextElement(this XmlElement parent, XmlElement child, string text)
    {
        child.AppendChild(parent.OwnerDocument.CreateTextNode(text));
        parent.AppendChild(child);
        return child;
    }

    public static void SetOptional(this XmlElement element, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            element.SetAttribute(name, value);
        }
    }

    public static void SetOptional(this XmlElement element, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            element.SetAttribute(name, SamlXmlConvert.FormatDateTime(v));
        }
    }

    public static void SetDateTime(this XmlElement element, string name, DateTimeOffset value) =>
        element.SetAttribute(name, SamlXmlConvert.FormatDateTime(value));

    public static XmlDocument NewDocument() => new() { PreserveWhitespace = true, XmlResolver = null };
}
