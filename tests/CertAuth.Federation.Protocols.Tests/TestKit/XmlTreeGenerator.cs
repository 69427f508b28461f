using System.Collections.Immutable;
using System.Text;

namespace CertAuth.Federation.Protocols.Tests.TestKit;

/// <summary>
/// Writes random, well-formed XML element trees from a seed, for the canonicalizer property tests: prefixed and
/// default namespaces (declared where needed, redeclared redundantly, undeclared with <c>xmlns=""</c>, declared and
/// unused), unqualified, namespace-qualified and <c>xml:*</c> attributes, text with escapes, comments, processing
/// instructions, CDATA and whitespace. With <c>characterReferences</c> the values also hold TAB, LF and CR written as
/// character references (which survive parsing) — the shapes only an independent verifier can judge.
/// </summary>
internal sealed class XmlTreeGenerator
{
    private static readonly string[] Uris = ["urn:x", "urn:y", "http://example.com/z"];
    private static readonly string[] LocalNames = ["E", "f", "Item", "x1"];
    private static readonly string[] AttributePieces = ["v", " ", "&amp;", "&lt;", "&gt;", ">", "&quot;", "'", "é", "中", "&#x1F600;", "\t", "\n", "\r\n", "&#32;", "&#x41;"];
    private static readonly string[] AttributeReferencePieces = ["&#9;", "&#xA;", "&#xD;", "&#10;", "&#13;&#10;"];
    private static readonly string[] TextPieces = ["t", " ", "&amp;", "&lt;", "&gt;", ">", "\"", "'", "é", "\n", "\t", "\r\n", "\r", "&#x20;", "&#9;", "&#10;"];
    private static readonly string[] TextReferencePieces = ["&#xD;", "&#13;", "&#xD;&#xA;"];
    private static readonly string[] Comments = ["<!--c-->", "<!-- x -->", "<!--a-b-->"];
    private static readonly string[] Instructions = ["<?pi?>", "<?pi data?>", "<?p-i two  words ?>"];
    private static readonly string[] CData = ["<![CDATA[a<&>b]]>", "<![CDATA[ ]]>", "<![CDATA[x\ny]]>", "<![CDATA[]]>"];

    private readonly Random _random;
    private readonly bool _characterReferences;
    private readonly int _maxDepth;
    private readonly StringBuilder _output = new();

    private XmlTreeGenerator(int seed, bool characterReferences, int maxDepth)
    {
        _random = new Random(seed);
        _characterReferences = characterReferences;
        _maxDepth = maxDepth;
    }

    /// <summary>One element tree; <paramref name="scope"/> holds the bindings inherited from the enclosing document.</summary>
    public static string Element(int seed, bool characterReferences, int maxDepth = 4, IReadOnlyDictionary<string, string>? scope = null)
    {
        var generator = new XmlTreeGenerator(seed, characterReferences, maxDepth);
        generator.WriteElement(1, (scope ?? new Dictionary<string, string>()).ToImmutableDictionary());
        return generator._output.ToString();
    }

    /// <summary>Random children (elements, text, comments, PIs, CDATA) for a given parent scope.</summary>
    public static string Content(int seed, bool characterReferences, IReadOnlyDictionary<string, string> scope, int maxDepth = 3)
    {
        var generator = new XmlTreeGenerator(seed, characterReferences, maxDepth);
        generator.WriteChildren(1, scope.ToImmutableDictionary());
        return generator._output.ToString();
    }

    /// <summary>A random PrefixList over the prefixes this generator uses (null: no InclusiveNamespaces).</summary>
    public static string? PrefixList(int seed)
    {
        var random = new Random(seed ^ 0x5f3759df);
        if (random.Next(3) == 0)
        {
            return null;
        }

        var chosen = new[] { "a", "b", "c", "#default" }.Where(_ => random.Next(2) == 0).ToList();
        return chosen.Count == 0 ? "a" : string.Join(' ', chosen);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private void WriteElement(int depth, ImmutableDictionary<string, string> scope)
    {
        var prefix = Pick(["", "", "a", "b", "c"]);
        var uri = prefix.Length == 0 ? Pick(["", .. Uris]) : Pick(Uris);
        var declarations = new Dictionary<string, string>(StringComparer.Ordinal);
        var current = scope.GetValueOrDefault(prefix) ?? (prefix.Length == 0 ? string.Empty : null);
        if (current != uri || _random.Next(5) == 0)
        {
            declarations[prefix] = uri;
        }

        if (_random.Next(3) == 0)
        {
            var extra = Pick(["a", "b", "c", "d", ""]);
            if (extra != prefix && !declarations.ContainsKey(extra))
            {
                declarations[extra] = extra.Length == 0 ? Pick(["", .. Uris]) : Pick(Uris);
            }
        }

        var inner = scope.SetItems(declarations);
        var attributes = new List<string>();
        var names = new HashSet<(string Namespace, string Local)>();
        for (var i = _random.Next(4); i > 0; i--)
        {
            var local = Pick(["A", "b", "Id", "z", "é", "a1"]);
            if (names.Add((string.Empty, local)))
            {
                attributes.Add($"{local}=\"{Value()}\"");
            }
        }

        for (var i = _random.Next(3); i > 0; i--)
        {
            var q = Pick(["a", "b", "c"]);
            if (!inner.TryGetValue(q, out var ns))
            {
                ns = Pick(Uris);
                declarations[q] = ns;
                inner = inner.SetItem(q, ns);
            }

            var local = Pick(["A", "b", "z"]);
            if (names.Add((ns, local)))
            {
                attributes.Add($"{q}:{local}=\"{Value()}\"");
            }
        }

        if (_random.Next(4) == 0)
        {
            attributes.Add($"xml:lang=\"{Pick(["en", "fr-CA", ""])}\"");
        }

        if (_random.Next(6) == 0)
        {
            attributes.Add($"xml:space=\"{Pick(["preserve", "default"])}\"");
        }

        var name = (prefix.Length == 0 ? string.Empty : prefix + ":") + Pick(LocalNames);
        _output.Append('<').Append(name);
        foreach (var (p, u) in declarations.OrderBy(_ => _random.Next()))
        {
            _output.Append(p.Length == 0 ? " xmlns" : " xmlns:" + p).Append("=\"").Append(u).Append('"');
        }

        foreach (var attribute in attributes.OrderBy(_ => _random.Next()))
        {
            _output.Append(Pick([" ", "  ", "\n "])).Append(attribute);
        }

        if (depth >= _maxDepth || _random.Next(5) == 0)
        {
            _output.Append(Pick(["/>", " />"]));
            return;
        }

        _output.Append('>');
        WriteChildren(depth, inner);
        _output.Append("</").Append(name).Append('>');
    }

    private void WriteChildren(int depth, ImmutableDictionary<string, string> scope)
    {
        for (var i = _random.Next(5); i > 0; i--)
        {
            switch (_random.Next(7))
            {
                case 0 or 1 when depth < _maxDepth:
                    WriteElement(depth + 1, scope);
                    break;
                case 2 or 3:
                    _output.Append(Text());
                    break;
                case 4:
                    _output.Append(Pick(Comments));
                    break;
                case 5:
                    _output.Append(Pick(Instructions));
                    break;
                default:
                    _output.Append(Pick(CData));
                    break;
            }
        }
    }

    private string Value() => Pieces(AttributePieces, AttributeReferencePieces);

    private string Text() => Pieces(TextPieces, TextReferencePieces);

    private string Pieces(string[] pieces, string[] referencePieces)
    {
        var builder = new StringBuilder();
        for (var i = _random.Next(5); i > 0; i--)
        {
            builder.Append(_characterReferences && _random.Next(4) == 0 ? Pick(referencePieces) : Pick(pieces));
        }

        return builder.ToString();
    }
}
