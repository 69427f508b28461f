using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using CsCheck;

namespace CertAuth.Federation.Protocols.Tests.Fuzz;

/// <summary>
/// Issue 11 "Done when": property tests over nesting depth, character references and namespace rewrites of signed
/// content. The properties: nesting up to the limit verifies and one level more is NestingTooDeep; a signed value that
/// is changed (however it is encoded) never verifies; an unchanged value re-encoded (character references, raw
/// whitespace the parser normalizes, redundant or unused namespace declarations) verifies and reads the same; any
/// other rewrite is either refused with a typed reason or reads exactly the signed values. Budget in
/// <see cref="FuzzBudget"/>.
/// </summary>
public sealed partial class SignedContentFuzzTests
{
    private const string NoteName = "urn:test:note";
    private const string TextMarker = "@@TEXT@@";
    private const string AttributeMarker = "@@ATTR@@";
    private static readonly char[] Alphabet = ['a', 'b', ' ', '\n', '\t', '\r', '&', '<', '>', '"', '\'', 'é', '中'];

    [Fact]
    public void NestingInsideTheSignedAssertion_VerifiesUpToTheLimit_AndIsNestingTooDeepBeyond() =>
        FuzzBudget.Run(Gen.Int[1, 140], 150, depth =>
        {
            // Assertion (1) / Advice (2) / depth nested elements: the deepest is at level 2 + depth.
            var scenario = new SamlScenario();
            var document = new AssertionWriter().Write(scenario.CreateAssertion());
            var assertion = document.DocumentElement!;
            XmlNode parent = assertion.InsertAfter(document.CreateElement("saml", "Advice", SamlNamespaces.Assertion), assertion.FirstChild)!;
            for (var i = 0; i < depth; i++)
            {
                parent = parent.AppendChild(document.CreateElement("x", "urn:nest"))!;
            }

            new XmlSigner().Sign(assertion, TestCertificates.IdpRsa);
            var wire = BindingEncoding.Serialize(document);
            if (2 + depth <= SafeXmlLoader.DefaultMaxElementDepth)
            {
                var loaded = new SafeXmlLoader().Load(wire).OrThrow();
                Assert.NotNull(new SignatureVerifier().Verify(loaded.DocumentElement!, [TestCertificates.PublicOnly(TestCertificates.IdpRsa)]).OrThrow());
            }
            else
            {
                Reject.With(SamlFailureReason.NestingTooDeep, () => new SafeXmlLoader().Load(wire).OrThrow());
            }
        });

    [Fact]
    public void NestingInExtensions_IsAcceptedUpToTheLimit_AndIsNestingTooDeepBeyond() =>
        FuzzBudget.Run(Gen.Int[1, 140], 150, depth =>
        {
            // Response (1) / Extensions (2) / depth nested elements.
            var scenario = new SamlScenario();
            var wire = BindingEncoding.Serialize(scenario.WriteSigned(scenario.CreateResponse()))
                .Replace("<samlp:Status>", "<samlp:Extensions>" + Validation.HostileXmlTests.Nest(depth) + "</samlp:Extensions><samlp:Status>", StringComparison.Ordinal);
            if (2 + depth <= SafeXmlLoader.DefaultMaxElementDepth)
            {
                Assert.Equal(SamlScenario.UserUpn, Validate(scenario, wire).Valid().Assertion.Subject!.NameId!.Value);
            }
            else
            {
                Reject.With(SamlFailureReason.NestingTooDeep, () => Validate(scenario, wire));
            }
        });

    [Fact]
    public void CharacterReferences_AChangedSignedValueNeverVerifies_AnUnchangedOneReEncodedReadsTheSame()
    {
        var values = Gen.Select(Gen.Char[new string(Alphabet)].Array[1, 12], Gen.Char[new string(Alphabet)].Array[1, 12], Gen.Int, Gen.Int[0, 3])
            .Select(t => new Case(new string(t.Item1), new string(t.Item2), t.Item3, t.Item4));
        FuzzBudget.Run(values, 600, c =>
        {
            var scenario = new SamlScenario();
            var (template, signedText, signedAttribute) = SignedTemplate(scenario, c.Text, c.Attribute);
            var random = new Random(c.Seed);

            // Which value, if any, is changed: 0 nothing, 1 the text, 2 the attribute, 3 both.
            var text = c.Change is 1 or 3 ? Change(c.Text, random) : c.Text;
            var attribute = c.Change is 2 or 3 ? Change(c.Attribute, random) : c.Attribute;
            var wire = template
                .Replace(TextMarker, Encode(text, inAttribute: false, random), StringComparison.Ordinal)
                .Replace(AttributeMarker, Encode(attribute, inAttribute: true, random), StringComparison.Ordinal);

            if (c.Change == 0)
            {
                var note = Validate(scenario, wire).Valid().Assertion.AttributeStatement!.Attributes.Single(a => a.Name == NoteName);
                Assert.Equal(signedText, Assert.Single(note.Values));
                Assert.Equal(signedAttribute, note.FriendlyName);
            }
            else
            {
                Reject.With(SamlFailureReason.InvalidSignature, () => Validate(scenario, wire));
            }
        }, c => c.ToString());
    }

    [Fact]
    public void NamespaceRewrites_ValueChangesNeverVerify_RedundantDeclarationsDo_OthersReadTheSameOrAreRefused()
    {
        var scenario = new SamlScenario();
        var wire = BindingEncoding.Serialize(scenario.WriteSigned(scenario.CreateResponse()));
        var assertionStart = wire.IndexOf("<saml:Assertion", StringComparison.Ordinal);
        var starts = SamlStartTag().Matches(wire).Where(m => m.Index > assertionStart).ToList();
        FuzzBudget.Run(Gen.Select(Gen.Int[0, starts.Count - 1], Gen.Int[0, 4]), 500, t =>
        {
            var (index, kind) = t;
            var start = starts[index];
            var at = start.Index + start.Length;
            var name = start.Groups[1].Value;
            var rewritten = kind switch
            {
                0 => wire.Insert(at, " xmlns:unused=\"urn:unused\""),
                1 => wire.Insert(at, $" xmlns:saml=\"{SamlNamespaces.Assertion}\""),
                2 => wire.Insert(at, " xmlns:saml=\"urn:evil\""),
                3 => wire.Insert(at, " xmlns=\"urn:other-default\""),
                _ => RenamePrefix(wire, start.Index, name),
            };
            var fresh = new SamlScenario();
            switch (kind)
            {
                case 0 or 1:
                    Assert.Equal(SamlScenario.UserUpn, Validate(fresh, rewritten).Valid().Assertion.Subject!.NameId!.Value);
                    break;
                case 2:
                    Assert.IsType<SamlResult<ValidatedAssertion>.Invalid>(Validate(fresh, rewritten));
                    break;
                default:
                    switch (Validate(fresh, rewritten))
                    {
                        case SamlResult<ValidatedAssertion>.Valid { Value: var accepted }:
                            Assert.Equal(SamlScenario.UserUpn, accepted.Assertion.Subject!.NameId!.Value);
                            Assert.Equal(SamlScenario.IdpEntityId, accepted.Assertion.Issuer);
                            break;
                        case SamlResult<ValidatedAssertion>.Invalid { Failure: var failure }:
                            Assert.True(Enum.IsDefined(failure.Reason));
                            break;
                    }

                    break;
            }
        });
    }

    /// <summary>
    /// Signs a response with the note attribute's value <paramref name="text"/> and FriendlyName
    /// <paramref name="attribute"/>, then serializes it with markers where those values go (the signature is unchanged).
    /// Returns the template and the values the reader gives for the untouched wire form.
    /// </summary>
    private static (string Template, string Text, string Attribute) SignedTemplate(SamlScenario scenario, string text, string attribute)
    {
        var assertion = scenario.CreateAssertion();
        var note = new SamlAttribute { Name = NoteName, NameFormat = AttributeNameFormats.Uri, FriendlyName = attribute };
        note.Values.Add(text);
        assertion.AttributeStatement!.Attributes.Add(note);
        var document = scenario.WriteSigned(scenario.CreateResponse(assertion));
        var read = Validate(new SamlScenario(), BindingEncoding.Serialize(document)).Valid().Assertion.AttributeStatement!.Attributes.Single(a => a.Name == NoteName);

        var element = document.GetElementsByTagName("Attribute", SamlNamespaces.Assertion).OfType<XmlElement>().Single(e => e.GetAttribute("Name") == NoteName);
        element.SetAttribute("FriendlyName", AttributeMarker);
        ((XmlElement)element.FirstChild!).InnerText = TextMarker;
        return (BindingEncoding.Serialize(document), read.Values.Single(), read.FriendlyName!);
    }

    /// <summary>
    /// One changed character. Half the changes are the look-alikes the parser or a re-serialisation could fold back
    /// (one whitespace character for another: SPACE/TAB/LF/CR, or a CR added before a LF).
    /// </summary>
    private static string Change(string value, Random random)
    {
        var i = random.Next(value.Length);
        char[] whitespace = [' ', '\t', '\n', '\r'];
        var spaces = Enumerable.Range(0, value.Length).Where(k => whitespace.Contains(value[k])).ToList();
        return random.Next(6) switch
        {
            0 => value.Remove(i, 1),
            1 => value.Insert(i, Alphabet[random.Next(Alphabet.Length)].ToString()),
            2 => value[..i] + Alphabet.Where(c => c != value[i]).ElementAt(random.Next(Alphabet.Length - 1)) + value[(i + 1)..],
            3 or 4 when spaces.Count > 0 && spaces[random.Next(spaces.Count)] is var k =>
                value[..k] + whitespace.Where(c => c != value[k]).ElementAt(random.Next(3)) + value[(k + 1)..],
            _ => value.IndexOf('\n', StringComparison.Ordinal) is var lf and >= 0 ? value.Insert(lf, "\r") : value.Insert(i, "\r"),
        };
    }

    /// <summary>One of the encodings that give exactly <paramref name="value"/> in the parsed DOM, chosen at random per character.</summary>
    private static string Encode(string value, bool inAttribute, Random random)
    {
        var output = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];

            // A raw CR followed by a raw LF is one line end: a lone raw CR is only a choice when no LF can follow.
            var loneCr = i == value.Length - 1 || value[i + 1] is not ('\n' or ' ');
            var choices = new List<string>
            {
                "&#" + ((int)c).ToString(CultureInfo.InvariantCulture) + ";",
                "&#x" + ((int)c).ToString("X", CultureInfo.InvariantCulture) + ";",
            };
            switch (c)
            {
                case '&':
                    choices.Add("&amp;");
                    break;
                case '<':
                    choices.Add("&lt;");
                    break;
                case '>':
                    choices.AddRange(["&gt;", ">"]);
                    break;
                case '"':
                    choices.Add("&quot;");
                    if (!inAttribute)
                    {
                        choices.Add("\"");
                    }

                    break;
                case '\'':
                    choices.AddRange(["&apos;", "'"]);
                    break;
                case ' ' when inAttribute:
                    // Attribute-value normalization (XML 1.0 §3.3.3): raw whitespace of any kind is a SPACE.
                    choices.AddRange([" ", "\t", "\n", "\r\n"]);
                    if (loneCr)
                    {
                        choices.Add("\r");
                    }

                    break;
                case '\n' when !inAttribute:
                    // End-of-line handling (XML 1.0 §2.11): raw CRLF and CR are a LF.
                    choices.AddRange(["\n", "\r\n"]);
                    if (loneCr)
                    {
                        choices.Add("\r");
                    }

                    break;
                case '\t' or '\n' or '\r':
                    if (c == '\t' && !inAttribute)
                    {
                        choices.Add("\t");
                    }

                    break;
                default:
                    choices.Add(c.ToString());
                    break;
            }

            output.Append(choices[random.Next(choices.Count)]);
        }

        return output.ToString();
    }

    private static string RenamePrefix(string wire, int start, string localName)
    {
        var end = wire.IndexOf($"</saml:{localName}>", start, StringComparison.Ordinal);
        var selfClosing = wire.IndexOf('>', start) is var close && wire[close - 1] == '/';
        if (selfClosing || end < 0 || wire.IndexOf($"<saml:{localName}", start + 1, end - start - 1, StringComparison.Ordinal) >= 0)
        {
            return wire.Insert(start + "<saml:".Length + localName.Length, $" xmlns:s2=\"{SamlNamespaces.Assertion}\"").Remove(start + 1, 4).Insert(start + 1, "s2");
        }

        var renamedEnd = wire.Remove(end + 2, 4).Insert(end + 2, "s2");
        return renamedEnd.Insert(start + "<saml:".Length + localName.Length, $" xmlns:s2=\"{SamlNamespaces.Assertion}\"").Remove(start + 1, 4).Insert(start + 1, "s2");
    }

    private static SamlResult<ValidatedAssertion> Validate(SamlScenario scenario, string xml) =>
        new SamlResponseValidator().Validate(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)), scenario.Parameters());

    [GeneratedRegex("<saml:([A-Za-z]+)")]
    private static partial Regex SamlStartTag();

    private sealed record Case(string Text, string Attribute, int Seed, int Change);
}
