using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// An <see cref="XmlReader"/> that passes everything through from the reader it wraps and throws a typed
/// <see cref="SamlValidationException"/> (<see cref="SamlFailureReason.NestingTooDeep"/>) as soon as an element is
/// opened deeper than the maximum. <see cref="XmlDocument.Load(XmlReader)"/> pulls nodes one at a time, so the DOM is
/// never built deeper than the limit, and every later tree walk (canonicalizer, readers) is bounded by it.
/// </summary>
internal sealed class DepthLimitingXmlReader : XmlReader, IXmlLineInfo, IXmlNamespaceResolver
{
    private readonly XmlReader _inner;
    private readonly int _maxElementDepth;

    /// <summary>Wraps <paramref name="inner"/>; the root element is depth 1, so at most <paramref name="maxElementDepth"/> levels.</summary>
    public DepthLimitingXmlReader(XmlReader inner, int maxElementDepth)
    {
        _inner = inner;
        _maxElementDepth = maxElementDepth;
    }

    public override XmlNodeType NodeType => _inner.NodeType;

    public override string LocalName => _inner.LocalName;

    public override string NamespaceURI => _inner.NamespaceURI;

    public override string Name => _inner.Name;

    public override string Prefix => _inner.Prefix;

    public override string Value => _inner.Value;

    public override int Depth => _inner.Depth;

    public override string BaseURI => _inner.BaseURI;

    public override bool IsEmptyElement => _inner.IsEmptyElement;

    public override bool IsDefault => _inner.IsDefault;

    public override XmlSpace XmlSpace => _inner.XmlSpace;

    public override string XmlLang => _inner.XmlLang;

    public override int AttributeCount => _inner.AttributeCount;

    public override bool EOF => _inner.EOF;

    public override ReadState ReadState => _inner.ReadState;

    public override XmlNameTable NameTable => _inner.NameTable;

    public override bool HasValue => _inner.HasValue;

    public override XmlReaderSettings? Settings => _inner.Settings;

    public override bool CanResolveEntity => false;

    public int LineNumber => (_inner as IXmlLineInfo)?.LineNumber ?? 0;

    public int LinePosition => (_inner as IXmlLineInfo)?.LinePosition ?? 0;

    public override bool Read()
    {
        if (!_inner.Read())
        {
            return false;
        }

        // Depth is 0 for the root element: an element at Depth >= max is the (max + 1)-th level.
        if (_inner.NodeType == XmlNodeType.Element && _inner.Depth >= _maxElementDepth)
        {
            throw new SamlValidationException(
                SamlFailureReason.NestingTooDeep, $"The XML document nests elements deeper than {_maxElementDepth} levels.");
        }

        return true;
    }

    public override string? GetAttribute(string name) => _inner.GetAttribute(name);

    public override string? GetAttribute(string name, string? namespaceURI) => _inner.GetAttribute(name, namespaceURI);

    public override string GetAttribute(int i) => _inner.GetAttribute(i);

    public override bool MoveToAttribute(string name) => _inner.MoveToAttribute(name);

    public override bool MoveToAttribute(string name, string? ns) => _inner.MoveToAttribute(name, ns);

    public override void MoveToAttribute(int i) => _inner.MoveToAttribute(i);

    public override bool MoveToFirstAttribute() => _inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => _inner.MoveToNextAttribute();

    public override bool MoveToElement() => _inner.MoveToElement();

    public override bool ReadAttributeValue() => _inner.ReadAttributeValue();

    public override string? LookupNamespace(string prefix) => _inner.LookupNamespace(prefix);

    public override void ResolveEntity() => throw new InvalidOperationException("Entities are never resolved.");

    public bool HasLineInfo() => (_inner as IXmlLineInfo)?.HasLineInfo() ?? false;

    public IDictionary<string, string> GetNamespacesInScope(XmlNamespaceScope scope) =>
        (_inner as IXmlNamespaceResolver)?.GetNamespacesInScope(scope) ?? new Dictionary<string, string>();

    public string? LookupPrefix(string namespaceName) => (_inner as IXmlNamespaceResolver)?.LookupPrefix(namespaceName);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
