using System.Text;
using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>Strict element navigation used by the readers. Every miss is a typed <see cref="SamlValidationException"/>.</summary>
internal static class XmlElementReading
{
    public static IEnumerable<XmlElement> ChildElements(this XmlElement parent)
    {
        foreach (XmlNode node in parent.ChildNodes)
        {
            if (node is XmlElement element)
            {
                yield return element;
            }
        }
    }

    public static IEnumerable<XmlElement> ChildElements(this XmlElement parent, string ns, string localName) =>
        parent.ChildElements().Where(e => e.LocalName == localName && e.NamespaceURI == ns);

    public static XmlElement? OptionalChild(this XmlElement parent, string ns, string localName)
    {
        XmlElement? found = null;
        foreach (var element in parent.ChildElements(ns, localName))
        {
            if (found is not null)
            {
                throw new SamlValidationException(
                    SamlFailureReason.SchemaViolation, $"Element '{parent.LocalName}' has more than one '{localName}'.");
            }

            found = element;
        }

        return found;
    }

    public static XmlElement RequiredChild(this XmlElement parent, string ns, string localName) =>
        parent.OptionalChild(ns, localName)
        ?? throw new SamlValidationException(
            SamlFailureReason.MissingRequiredValue, $"Element '{parent.LocalName}' has no '{localName}'.");

    public static void ExpectName(this XmlElement element, string ns, string localName)
    {
        if (element.LocalName != localName || element.NamespaceURI != ns)
        {
            throw new SamlValidationException(
                SamlFailureReason.UnexpectedElement, $"Expected element '{localName}' in '{ns}', found '{element.LocalName}'.");
        }
    }

    public static string? OptionalAttribute(this XmlElement element, string name) =>
        element.GetAttributeNode(name)?.Value;

    public static string RequiredAttribute(this XmlElement element, string name)
    {
        var value = element.OptionalAttribute(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new SamlValidationException(
                SamlFailureReason.MissingRequiredValue, $"Element '{element.LocalName}' has no '{name}' attribute.");
        }

        return value;
    }

    public static DateTimeOffset? OptionalDateTime(this XmlElement element, string name)
    {
        var value = element.OptionalAttribute(name);
        return value is null ? null : SamlXmlConvert.ParseDateTime(value, name);
    }

    public static DateTimeOffset RequiredDateTime(this XmlElement element, string name) =>
        SamlXmlConvert.ParseDateTime(element.RequiredAttribute(name), name);

    public static bool? OptionalBoolean(this XmlElement element, string name)
    {
        var value = element.OptionalAttribute(name);
        return value is null ? null : SamlXmlConvert.ParseBoolean(value, name);
    }

    /// <summary>
    /// The FULL text content of a simple-content element: all text and CDATA nodes concatenated, comments and
    /// processing instructions skipped (they are not signed under exclusive C14N), child elements rejected.
    /// Reading only the first text node is the 2018 comment-injection bug; never do that.
    /// </summary>
    public static string FullText(this XmlElement element)
    {
        var builder = new StringBuilder();
        foreach (XmlNode node in element.ChildNodes)
        {
            switch (node.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    builder.Append(node.Value);
                    break;
                case XmlNodeType.Comment:
                case XmlNodeType.ProcessingInstruction:
                    break;
                default:
                    throw new SamlValidationException(
                        SamlFailureReason.SchemaViolation, $"Element '{element.LocalName}' must have text content only.");
            }
        }

        return builder.ToString();
    }

    public static string RequiredText(this XmlElement element)
    {
        var text = element.FullText().Trim();
        if (text.Length == 0)
        {
            throw new SamlValidationException(
                SamlFailureReason.MissingRequiredValue, $"Element '{element.LocalName}' is empty.");
        }

        return text;
    }
}
