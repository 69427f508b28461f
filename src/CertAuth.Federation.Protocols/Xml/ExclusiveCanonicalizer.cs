using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Exclusive XML Canonicalization 1.0 without comments (https://www.w3.org/TR/xml-exc-c14n/) of an element subtree,
/// written straight from the DOM nodes the readers consume — the only canonicalizer of the verifier and of the signer
/// (no re-serialisation, no second implementation). It covers every node a DTD-less document can hold: elements,
/// unqualified, namespace-qualified and <c>xml:*</c> attributes, text, whitespace, CDATA (rendered as escaped text),
/// comments (omitted), processing instructions (rendered), and the InclusiveNamespaces PrefixList (including
/// <c>#default</c>). Anything else (an entity reference, an attribute in a namespace without a prefix) is refused with
/// a typed <see cref="SamlValidationException"/>, never handed to another implementation. The walk is iterative (an
/// explicit stack), so its depth costs heap, not stack; the parser bounds it anyway (<see cref="SafeXmlLoader"/>).
/// Equality with <c>XmlDsigExcC14NTransform</c> and with Debian xmlsec1 is pinned by property tests
/// (tests/CertAuth.Federation.Protocols.Tests/Xml/ExclusiveCanonicalizerPropertyTests.cs).
/// </summary>
internal static class ExclusiveCanonicalizer
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    [ThreadStatic]
    private static StringBuilder? _cachedBuilder;

    /// <summary>
    /// Hashes the canonical form of <paramref name="element"/>, leaving out <paramref name="excluded"/> (the enveloped
    /// signature, XML-DSig §6.6.4).
    /// </summary>
    /// <param name="element">The apex of the canonicalized subtree.</param>
    /// <param name="hash">SHA-1/256/384/512.</param>
    /// <param name="excluded">A descendant left out with its subtree (the enveloped signature), or null.</param>
    /// <param name="inclusivePrefixes">The InclusiveNamespaces PrefixList ("" for <c>#default</c>), or null.</param>
    public static byte[] Hash(XmlElement element, HashAlgorithmName hash, XmlNode? excluded = null, IReadOnlyList<string>? inclusivePrefixes = null)
    {
        var builder = Rent();
        try
        {
            Write(element, builder, excluded, inclusivePrefixes);
            return WithUtf8(builder, hash, static (bytes, h) => h.Name switch
            {
                "SHA1" => SHA1.HashData(bytes),
                "SHA384" => SHA384.HashData(bytes),
                "SHA512" => SHA512.HashData(bytes),
                _ => SHA256.HashData(bytes),
            });
        }
        finally
        {
            Return(builder);
        }
    }

    /// <summary>The canonical form of <paramref name="element"/> as UTF-8.</summary>
    public static byte[] Canonicalize(XmlElement element, XmlNode? excluded = null, IReadOnlyList<string>? inclusivePrefixes = null)
    {
        var builder = Rent();
        try
        {
            Write(element, builder, excluded, inclusivePrefixes);
            return WithUtf8(builder, 0, static (bytes, _) => bytes.ToArray());
        }
        finally
        {
            Return(builder);
        }
    }

    /// <summary>
    /// Parses a PrefixList attribute value (whitespace-separated prefixes, <c>#default</c> for the default namespace,
    /// exc-c14n §4) into prefixes, "" standing for the default namespace.
    /// </summary>
    public static IReadOnlyList<string> ParsePrefixList(string prefixList) =>
        [.. prefixList.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p == "#default" ? string.Empty : p)
            .Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Writes the canonical form of the document element into <paramref name="output"/> and records, for each region,
    /// where its element starts and ends and where its enveloped signature goes (see <see cref="SignedXmlMessageWriter"/>).
    /// A region's bytes in this output equal the canonical form of its element as an apex only when no namespace
    /// rendered outside the region is relied on inside it; <see cref="CanonicalRegions.Mismatch"/> says when not.
    /// </summary>
    public static void WriteDocument(XmlElement root, StringBuilder output, CanonicalRegions regions) =>
        Write(root, output, null, null, regions);

    /// <summary>Rents the per-thread builder (returned with <see cref="ReturnBuilder"/>).</summary>
    public static StringBuilder RentBuilder() => Rent();

    /// <summary>Returns a builder rented with <see cref="RentBuilder"/>.</summary>
    public static void ReturnBuilder(StringBuilder builder) => Return(builder);

    /// <summary>Appends an attribute value escaped as canonical XML does.</summary>
    public static void AppendCanonicalAttributeValue(StringBuilder output, string value) => AppendAttributeValue(output, value);

    private static void Write(XmlElement apex, StringBuilder output, XmlNode? excluded, IReadOnlyList<string>? inclusivePrefixes, CanonicalRegions? regions = null)
    {
        // Namespace declarations rendered by output ancestors: (prefix, uri) pairs; each open element remembers where
        // its own start, and its end tag drops them again.
        var rendered = new List<(string Prefix, string Uri)>(8);
        var pending = new List<(string Prefix, string Uri)>(4);
        var open = new Stack<(XmlElement Element, int Mark)>();
        var prefixes = inclusivePrefixes ?? [];

        open.Push((apex, rendered.Count));
        regions?.Enter(apex, output.Length, rendered.Count);
        WriteStartTag(apex, output, rendered, pending, prefixes, regions);
        regions?.StartTagWritten(apex, output.Length, rendered);
        var next = apex.FirstChild;
        while (true)
        {
            if (next is null)
            {
                var (closed, mark) = open.Pop();
                regions?.BeforeEndTag(closed, output.Length, rendered);
                output.Append("</").Append(closed.Name).Append('>');
                rendered.RemoveRange(mark, rendered.Count - mark);
                regions?.AfterEndTag(closed, output.Length, rendered);
                if (open.Count == 0)
                {
                    return;
                }

                next = closed.NextSibling;
                continue;
            }

            if (ReferenceEquals(next, excluded))
            {
                next = next.NextSibling;
                continue;
            }

            switch (next.NodeType)
            {
                case XmlNodeType.Element:
                    var element = (XmlElement)next;
                    open.Push((element, rendered.Count));
                    regions?.Enter(element, output.Length, rendered.Count);
                    WriteStartTag(element, output, rendered, pending, prefixes, regions);
                    regions?.StartTagWritten(element, output.Length, rendered);
                    next = element.FirstChild;
                    continue;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    AppendText(output, next.Value!);
                    break;
                case XmlNodeType.Comment:
                    break;
                case XmlNodeType.ProcessingInstruction:
                    var instruction = (XmlProcessingInstruction)next;
                    output.Append("<?").Append(instruction.Target);
                    if (instruction.Data.Length != 0)
                    {
                        output.Append(' ').Append(instruction.Data);
                    }

                    output.Append("?>");
                    break;
                default:
                    throw Unsupported($"a {next.NodeType} node");
            }

            next = next.NextSibling;
        }
    }

    private static void WriteStartTag(
        XmlElement element, StringBuilder output, List<(string Prefix, string Uri)> rendered, List<(string Prefix, string Uri)> pending, IReadOnlyList<string> inclusivePrefixes,
        CanonicalRegions? regions = null)
    {
        output.Append('<').Append(element.Name);

        // Namespace nodes to render (exc-c14n §3): those visibly utilized (the element's prefix, or the default
        // namespace when it has none; the prefixes of its qualified attributes, never xml), plus, for prefixes in the
        // PrefixList, every one in scope (inclusive C14N rules) — each only when no output ancestor already renders
        // the same value for that prefix. The empty default is rendered (xmlns="") only to undo a rendered non-empty one.
        pending.Clear();
        Consider(pending, rendered, element.Prefix, element.NamespaceURI, regions);
        var qualified = 0;
        foreach (XmlAttribute attribute in element.Attributes)
        {
            var ns = attribute.NamespaceURI;
            if (ns.Length == 0 || ns == XmlnsNamespace)
            {
                continue;
            }

            qualified++;
            if (ns == XmlNamespace)
            {
                continue;
            }

            if (attribute.Prefix.Length == 0)
            {
                throw Unsupported("a namespace-qualified attribute without a prefix");
            }

            Consider(pending, rendered, attribute.Prefix, ns, regions);
        }

        for (var i = 0; i < inclusivePrefixes.Count; i++)
        {
            var prefix = inclusivePrefixes[i];
            if (InScope(element, prefix) is { } uri)
            {
                Consider(pending, rendered, prefix, uri);
            }
        }

        if (pending.Count > 1)
        {
            pending.Sort(static (a, b) => string.CompareOrdinal(a.Prefix, b.Prefix));
        }

        foreach (var (prefix, uri) in pending)
        {
            output.Append(" xmlns");
            if (prefix.Length != 0)
            {
                output.Append(':').Append(prefix);
            }

            output.Append("=\"");
            AppendAttributeValue(output, uri);
            output.Append('"');
            rendered.Add((prefix, uri));
        }

        // Attributes (namespace declarations excluded), sorted by namespace URI then local name (ordinal: code points);
        // unqualified attributes have the empty namespace URI, so they come first. xml:* attributes are ordinary
        // attributes here: exclusive C14N does not inherit them from ancestors.
        var count = 0;
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (attribute.NamespaceURI != XmlnsNamespace)
            {
                count++;
            }
        }

        if (count > 0)
        {
            var attributes = ArrayPool<XmlAttribute>.Shared.Rent(count);
            var n = 0;
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if (attribute.NamespaceURI != XmlnsNamespace)
                {
                    attributes[n++] = attribute;
                }
            }

            if (n > 1)
            {
                Array.Sort(attributes, 0, n, qualified == 0 ? LocalNameOrder.Instance : AttributeOrder.Instance);
            }

            for (var i = 0; i < n; i++)
            {
                output.Append(' ').Append(attributes[i].Name).Append("=\"");
                AppendAttributeValue(output, attributes[i].Value);
                output.Append('"');
            }

            Array.Clear(attributes, 0, n);
            ArrayPool<XmlAttribute>.Shared.Return(attributes);
        }

        output.Append('>');
    }

    private static void Consider(List<(string Prefix, string Uri)> pending, List<(string Prefix, string Uri)> rendered, string prefix, string uri, CanonicalRegions? regions = null)
    {
        if (prefix == "xml" || prefix == "xmlns")
        {
            return;
        }

        foreach (var (p, _) in pending)
        {
            if (p == prefix)
            {
                return;
            }
        }

        regions?.CheckUse(rendered, prefix, uri);
        var inOutput = Lookup(rendered, prefix);
        if (inOutput is null ? uri.Length != 0 : inOutput != uri)
        {
            pending.Add((prefix, uri));
        }
    }

    /// <summary>
    /// The namespace bound to <paramref name="prefix"/> at <paramref name="element"/> ("" for no default namespace),
    /// from the declarations of the element and its ancestors and the names that use the prefix; null when unbound.
    /// </summary>
    private static string? InScope(XmlElement element, string prefix)
    {
        for (XmlNode? node = element; node is XmlElement current; node = node.ParentNode)
        {
            foreach (XmlAttribute attribute in current.Attributes)
            {
                if (attribute.NamespaceURI == XmlnsNamespace
                    && (prefix.Length == 0 ? attribute.Prefix.Length == 0 : attribute.Prefix.Length != 0 && attribute.LocalName == prefix))
                {
                    return attribute.Value;
                }
            }

            if (current.Prefix == prefix)
            {
                return current.NamespaceURI;
            }
        }

        return prefix.Length == 0 ? string.Empty : null;
    }

    /// <summary>The namespace an output ancestor renders for <paramref name="prefix"/>, or null.</summary>
    internal static string? Lookup(List<(string Prefix, string Uri)> rendered, string prefix)
    {
        for (var i = rendered.Count - 1; i >= 0; i--)
        {
            if (rendered[i].Prefix == prefix)
            {
                return rendered[i].Uri;
            }
        }

        return null;
    }

    private static SamlValidationException Unsupported(string what) =>
        new(SamlFailureReason.SchemaViolation, $"The signed content holds {what}, which exclusive canonicalization does not support here.");

    // C14N §1.3 / exc-c14n: attribute values escape & < " and #x9 #xA #xD as character references, so a TAB, LF or CR
    // that reached the DOM through a character reference never canonicalizes like the SPACE the parser makes of a raw one.
    private static void AppendAttributeValue(StringBuilder output, string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var replacement = value[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '"' => "&quot;",
                '\t' => "&#x9;",
                '\n' => "&#xA;",
                '\r' => "&#xD;",
                _ => null,
            };
            if (replacement is not null)
            {
                output.Append(value, start, i - start).Append(replacement);
                start = i + 1;
            }
        }

        output.Append(value, start, value.Length - start);
    }

    // Text (and CDATA content) escapes & < > and #xD (C14N §1.3): a CR in the DOM only comes from a character reference.
    private static void AppendText(StringBuilder output, string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' => "&#xD;",
                _ => null,
            };
            if (replacement is not null)
            {
                output.Append(text, start, i - start).Append(replacement);
                start = i + 1;
            }
        }

        output.Append(text, start, text.Length - start);
    }

    private static T WithUtf8<TState, T>(StringBuilder builder, TState state, Func<ReadOnlySpan<byte>, TState, T> use)
    {
        var length = 0;
        foreach (var chunk in builder.GetChunks())
        {
            length += Encoding.UTF8.GetByteCount(chunk.Span);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = 0;
            foreach (var chunk in builder.GetChunks())
            {
                written += Encoding.UTF8.GetBytes(chunk.Span, buffer.AsSpan(written));
            }

            return use(buffer.AsSpan(0, written), state);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static StringBuilder Rent()
    {
        var builder = _cachedBuilder ?? new StringBuilder(16 * 1024);
        _cachedBuilder = null;
        return builder;
    }

    private static void Return(StringBuilder builder)
    {
        if (builder.Capacity <= 256 * 1024)
        {
            builder.Clear();
            _cachedBuilder = builder;
        }
    }

    private sealed class LocalNameOrder : IComparer<XmlAttribute>
    {
        public static readonly LocalNameOrder Instance = new();

        public int Compare(XmlAttribute? x, XmlAttribute? y) => string.CompareOrdinal(x!.LocalName, y!.LocalName);
    }

    private sealed class AttributeOrder : IComparer<XmlAttribute>
    {
        public static readonly AttributeOrder Instance = new();

        public int Compare(XmlAttribute? x, XmlAttribute? y)
        {
            var byNamespace = string.CompareOrdinal(x!.NamespaceURI, y!.NamespaceURI);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.LocalName, y.LocalName);
        }
    }
}
