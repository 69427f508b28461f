using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Exclusive XML Canonicalization 1.0 without comments (https://www.w3.org/TR/xml-exc-c14n/, no InclusiveNamespaces)
/// of an element subtree, written straight from the DOM — for the signer only, over trees our own writers build.
/// It handles exactly what they produce (elements in any namespace, unqualified attributes, text and whitespace) and
/// declines everything else (comments, processing instructions, CDATA, entity references, qualified attributes,
/// attribute values with tab/CR/LF, text with CR), in which case the caller uses the standard transform over a
/// re-parsed copy. Signatures it produces are verified by the standard <c>XmlDsigExcC14NTransform</c> (tests, and
/// xmlsec1 in the server tests). The verifier uses it too, only to accept: when it declines, or when the digest or
/// signature does not match, <c>SignedXml</c> decides (see <see cref="SignatureVerifier"/>).
/// </summary>
internal static class ExclusiveCanonicalizer
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    [ThreadStatic]
    private static StringBuilder? _cachedBuilder;

    /// <summary>
    /// Hashes the canonical form of <paramref name="element"/>, leaving out <paramref name="excluded"/> (the enveloped
    /// signature, XML-DSig §6.6.4); false when it declines.
    /// </summary>
    public static bool TryHash(XmlElement element, HashAlgorithmName hash, out byte[] digest, XmlNode? excluded = null)
    {
        digest = [];
        var builder = Rent();
        try
        {
            if (!TryWrite(element, builder, excluded))
            {
                return false;
            }

            digest = WithUtf8(builder, hash, static (bytes, h) => h.Name switch
            {
                "SHA1" => SHA1.HashData(bytes),
                "SHA384" => SHA384.HashData(bytes),
                "SHA512" => SHA512.HashData(bytes),
                _ => SHA256.HashData(bytes),
            });
            return true;
        }
        finally
        {
            Return(builder);
        }
    }

    /// <summary>The canonical form of <paramref name="element"/> as UTF-8; null when it declines.</summary>
    public static byte[]? TryCanonicalize(XmlElement element)
    {
        var builder = Rent();
        try
        {
            return TryWrite(element, builder, excluded: null) ? WithUtf8(builder, 0, static (bytes, _) => bytes.ToArray()) : null;
        }
        finally
        {
            Return(builder);
        }
    }

    private static bool TryWrite(XmlElement apex, StringBuilder output, XmlNode? excluded)
    {
        // Namespace declarations already rendered by output ancestors: (prefix, uri) pairs, a stack per depth.
        var rendered = new List<(string Prefix, string Uri)>(8);
        return TryWriteElement(apex, output, rendered, excluded);
    }

    private static bool TryWriteElement(XmlElement element, StringBuilder output, List<(string Prefix, string Uri)> rendered, XmlNode? excluded)
    {
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (attribute.NamespaceURI.Length != 0 && attribute.NamespaceURI != XmlnsNamespace)
            {
                return false;
            }
        }

        var mark = rendered.Count;
        output.Append('<').Append(element.Name);

        // The only visibly utilized namespace is the element's own (attributes are unqualified). An unprefixed
        // element in no namespace needs xmlns="" only when a non-empty default namespace is in output scope.
        var prefix = element.Prefix;
        var uri = element.NamespaceURI;
        var inScope = Lookup(rendered, prefix);
        if (inScope is null ? (prefix.Length != 0 || uri.Length != 0) : inScope != uri)
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

        // Unqualified attributes, sorted by local name (ordinal: by code point).
        var count = 0;
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (attribute.NamespaceURI.Length == 0)
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
                if (attribute.NamespaceURI.Length == 0)
                {
                    attributes[n++] = attribute;
                }
            }

            Array.Sort(attributes, 0, n, AttributeOrder.Instance);
            for (var i = 0; i < n; i++)
            {
                output.Append(' ').Append(attributes[i].LocalName).Append("=\"");
                AppendAttributeValue(output, attributes[i].Value);
                output.Append('"');
            }

            Array.Clear(attributes, 0, n);
            ArrayPool<XmlAttribute>.Shared.Return(attributes);
        }

        output.Append('>');
        for (var child = element.FirstChild; child is not null; child = child.NextSibling)
        {
            if (ReferenceEquals(child, excluded))
            {
                continue;
            }

            switch (child.NodeType)
            {
                case XmlNodeType.Element:
                    if (!TryWriteElement((XmlElement)child, output, rendered, excluded))
                    {
                        return false;
                    }

                    break;
                case XmlNodeType.Text:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    if (!TryAppendText(output, child.Value!))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        output.Append("</").Append(element.Name).Append('>');
        rendered.RemoveRange(mark, rendered.Count - mark);
        return true;
    }

    private static string? Lookup(List<(string Prefix, string Uri)> rendered, string prefix)
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

    // C14N §1.3 / exc-c14n: attribute values escape & < " and #x9 #xA #xD as character references (the wire form keeps
    // them as references too — BindingEncoding.Serialize — so the receiver's DOM holds the same values).
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

    // Text escapes & < > and #xD (C14N §1.3).
    private static bool TryAppendText(StringBuilder output, string text)
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
            if (replacement is null)
            {
                continue;
            }

            if (replacement.Length == 0)
            {
                return false;
            }

            output.Append(text, start, i - start).Append(replacement);
            start = i + 1;
        }

        output.Append(text, start, text.Length - start);
        return true;
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

    private sealed class AttributeOrder : IComparer<XmlAttribute>
    {
        public static readonly AttributeOrder Instance = new();

        public int Compare(XmlAttribute? x, XmlAttribute? y) => string.CompareOrdinal(x!.LocalName, y!.LocalName);
    }
}
