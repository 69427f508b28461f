using System.Text;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Validation;

/// <summary>
/// Issue 11 items 1-3 at the validator: element nesting bounded while parsing, one verification path over the very
/// DOM the reader consumes (the TAB/CR re-encoding attacks), and no Assertion besides the verified one.
/// </summary>
public sealed class HostileXmlTests
{
    private const string NoteName = "urn:test:display name";
    private readonly SamlScenario _scenario = new();
    private readonly SamlResponseValidator _validator = new();

    internal static string Nest(int depth) =>
        string.Concat(Enumerable.Repeat("<x>", depth)) + string.Concat(Enumerable.Repeat("</x>", depth));

    [Fact]
    public void Loader_AcceptsTheMaximumDepth_AndRefusesOneMore()
    {
        var loader = new SafeXmlLoader();
        Assert.NotNull(loader.Load(Nest(SafeXmlLoader.DefaultMaxElementDepth)).OrThrow());
        Reject.With(SamlFailureReason.NestingTooDeep, () => loader.Load(Nest(SafeXmlLoader.DefaultMaxElementDepth + 1)).OrThrow());
    }

    [Fact]
    public void Loader_DepthIsConfigurable()
    {
        var loader = new SafeXmlLoader(SafeXmlLoader.DefaultMaxCharactersInDocument, 16);
        Assert.NotNull(loader.Load(Nest(16)).OrThrow());
        Reject.With(SamlFailureReason.NestingTooDeep, () => loader.Load(Nest(17)).OrThrow());
    }

    [Fact]
    public void Loader_ThirtyThousandNestedElements_IsNestingTooDeep() =>
        Reject.With(SamlFailureReason.NestingTooDeep, () => new SafeXmlLoader().Load(Nest(30_000)).OrThrow());

    [Fact]
    public void ThirtyThousandNestedElementsInsideTheSignedAssertion_IsNestingTooDeep()
    {
        var wire = SignedWire();
        var at = wire.IndexOf("<saml:AttributeValue>", StringComparison.Ordinal) + "<saml:AttributeValue>".Length;
        wire = wire.Insert(at, Nest(30_000));
        Reject.With(SamlFailureReason.NestingTooDeep, () => Validate(wire));
    }

    [Fact]
    public void TwentyThousandNestedElementsInExtensions_IsNestingTooDeep()
    {
        var wire = SignedWire().Replace("<samlp:Status>", "<samlp:Extensions>" + Nest(20_000) + "</samlp:Extensions><samlp:Status>", StringComparison.Ordinal);
        Reject.With(SamlFailureReason.NestingTooDeep, () => Validate(wire));
    }

    [Fact]
    public void Canonicalizer_WalksADeepProgrammaticTree_WithoutRecursion()
    {
        // Trees the signer builds do not pass the loader; the walk itself must not need stack per level. A thread with
        // a 256 KiB stack would overflow long before 200,000 recursive frames.
        var document = new XmlDocument();
        document.LoadXml("<r>" + Nest(200_000) + "</r>");

        byte[]? canonical = null;
        var thread = new Thread(() => canonical = ExclusiveCanonicalizer.Canonicalize(document.DocumentElement!), 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(3 + (200_000 * 7) + 4, canonical!.Length);
    }

    [Theory]
    [InlineData("&#9;")]
    [InlineData("&#x9;")]
    [InlineData("&#xA;")]
    [InlineData("&#xD;")]
    public void SignedSpaceInAnAttributeValue_ReplacedByACharacterReference_IsInvalidSignature(string reference)
    {
        var wire = SignedWire();
        Assert.Contains($"Name=\"{NoteName}\"", wire, StringComparison.Ordinal);
        var tampered = wire.Replace($"Name=\"{NoteName}\"", $"Name=\"{NoteName.Replace(" ", reference, StringComparison.Ordinal)}\"", StringComparison.Ordinal);

        Reject.With(SamlFailureReason.InvalidSignature, () => Validate(tampered));
    }

    [Theory]
    [InlineData("&#xD;")]
    [InlineData("&#13;")]
    [InlineData("&#xD;&#xA;")]
    public void SignedLineFeedInText_ReplacedByACarriageReturnReference_IsInvalidSignature(string reference)
    {
        var wire = SignedWire();
        Assert.Contains("line one\nline two", wire, StringComparison.Ordinal);

        Reject.With(SamlFailureReason.InvalidSignature, () => Validate(wire.Replace("line one\nline two", $"line one{reference}line two", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("line one\r\nline two", "Name=\"" + NoteName + "\"")]
    [InlineData("line one&#xA;line two", "Name=\"" + NoteName + "\"")]
    [InlineData("line one\nline two", "Name=\"urn:test:display\tname\"")]
    [InlineData("line one\nline two", "Name=\"urn:test:display&#32;name\"")]
    [InlineData("line&#32;one\nline two", "Name=\"urn:test:&#x64;isplay name\"")]
    public void UnchangedValuesReEncoded_Verify_AndTheReaderSeesTheSignedValues(string text, string name)
    {
        // Raw CRLF in text and raw TAB in an attribute value are normalized by the parser to what was signed (LF,
        // SPACE); character references for the same characters are the same values. Only a changed value must fail.
        var wire = SignedWire()
            .Replace("line one\nline two", text, StringComparison.Ordinal)
            .Replace($"Name=\"{NoteName}\"", name, StringComparison.Ordinal);

        var attribute = Validate(wire).Valid().Assertion.AttributeStatement!.Attributes.Single(a => a.Name == NoteName);

        Assert.Equal("line one\nline two", Assert.Single(attribute.Values));
    }

    [Fact]
    public void AssertionInsideStatusDetail_IsMultipleAssertions()
    {
        var wire = SignedWire();
        var forged = new AssertionWriter().CreateElement(new XmlDocument(), _scenario.CreateAssertion()).OuterXml;
        var tampered = wire.Replace("</samlp:Status>", $"<samlp:StatusDetail>{forged}</samlp:StatusDetail></samlp:Status>", StringComparison.Ordinal);

        Reject.With(SamlFailureReason.MultipleAssertions, () => Validate(tampered));
    }

    [Fact]
    public void EncryptedAssertionInExtensions_IsMultipleAssertions()
    {
        var wire = SignedWire().Replace(
            "<samlp:Status>",
            $"<samlp:Extensions><saml:EncryptedAssertion xmlns:saml=\"{SamlNamespaces.Assertion}\"/></samlp:Extensions><samlp:Status>",
            StringComparison.Ordinal);

        Reject.With(SamlFailureReason.MultipleAssertions, () => Validate(wire));
    }

    [Fact]
    public void AssertionInsideTheSignedAssertionsAdvice_IsMultipleAssertions()
    {
        var document = new SamlResponseWriter().Write(_scenario.CreateResponse());
        var assertion = (XmlElement)document.GetElementsByTagName("Assertion", SamlNamespaces.Assertion)[0]!;
        var advice = document.CreateElement("saml", "Advice", SamlNamespaces.Assertion);
        advice.AppendChild(new AssertionWriter().CreateElement(document, _scenario.CreateAssertion()));
        assertion.InsertAfter(advice, assertion.GetElementsByTagName("Conditions", SamlNamespaces.Assertion)[0]);
        new XmlSigner().Sign(assertion, TestCertificates.IdpRsa);

        Reject.With(SamlFailureReason.MultipleAssertions, () => Validate(BindingEncoding.Serialize(document)));
    }

    [Fact]
    public void BareAssertionWithAnAssertionInItsAdvice_IsMultipleAssertions()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion(inResponseTo: null));
        var assertion = document.DocumentElement!;
        var advice = document.CreateElement("saml", "Advice", SamlNamespaces.Assertion);
        advice.AppendChild(new AssertionWriter().CreateElement(document, _scenario.CreateAssertion()));
        assertion.InsertAfter(advice, assertion.GetElementsByTagName("Conditions", SamlNamespaces.Assertion)[0]);
        new XmlSigner().Sign(assertion, TestCertificates.IdpRsa);

        Reject.With(SamlFailureReason.MultipleAssertions, () => new SamlAssertionValidator().Validate(
            BindingEncoding.Serialize(document), _scenario.Parameters(expectedInResponseTo: null, allowUnsolicited: true)));
    }

    /// <summary>A response whose signed assertion carries an attribute named with a SPACE and a value with a LF.</summary>
    private string SignedWire()
    {
        var assertion = _scenario.CreateAssertion();
        var note = new SamlAttribute { Name = NoteName, NameFormat = AttributeNameFormats.Uri };
        note.Values.Add("line one\nline two");
        assertion.AttributeStatement!.Attributes.Add(note);
        return BindingEncoding.Serialize(_scenario.WriteSigned(_scenario.CreateResponse(assertion)));
    }

    private SamlResult<ValidatedAssertion> Validate(string xml) =>
        _validator.Validate(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)), _scenario.Parameters());
}
