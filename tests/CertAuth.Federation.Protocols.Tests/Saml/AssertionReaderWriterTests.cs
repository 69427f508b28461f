using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Saml;

public sealed class AssertionReaderWriterTests
{
    private readonly SamlScenario _scenario = new();
    private readonly AssertionReader _reader = new();

    private static XmlDocument Load(string xml) => new SafeXmlLoader().Load(xml).OrThrow();

    [Fact]
    public void WriteThenRead_KeepsEveryField()
    {
        var written = _scenario.CreateAssertion();
        written.Subject!.NameId!.NameQualifier = "nq";
        written.Subject.NameId.SPNameQualifier = "spnq";
        written.AuthnStatements[0].SessionNotOnOrAfter = SamlScenario.Now.AddHours(8);
        written.AttributeStatement!.Attributes[0].FriendlyName = "upn";

        var read = _reader.Read(SamlScenario.Reload(new AssertionWriter().Write(written)).DocumentElement!).OrThrow();

        Assert.Equal(written.Id, read.Id);
        Assert.Equal(SamlScenario.Now, read.IssueInstant);
        Assert.Equal(SamlScenario.IdpEntityId, read.Issuer);
        Assert.Equal(SamlScenario.UserUpn, read.Subject!.NameId!.Value);
        Assert.Equal(NameIdFormats.Unspecified, read.Subject.NameId.Format);
        Assert.Equal("nq", read.Subject.NameId.NameQualifier);
        Assert.Equal("spnq", read.Subject.NameId.SPNameQualifier);
        var data = Assert.Single(read.Subject.SubjectConfirmations).Data!;
        Assert.Equal(SamlScenario.AcsUrl, data.Recipient);
        Assert.Equal(SamlScenario.RequestId, data.InResponseTo);
        Assert.Equal(SamlScenario.Now.AddMinutes(5), data.NotOnOrAfter);
        Assert.Equal(SamlScenario.Now.AddMinutes(-1), read.Conditions!.NotBefore);
        Assert.Equal(SamlScenario.SpEntityId, Assert.Single(Assert.Single(read.Conditions.AudienceRestrictions).Audiences));
        var authn = Assert.Single(read.AuthnStatements);
        Assert.Equal(AuthnContextClasses.X509, authn.AuthnContextClassRef);
        Assert.Equal(SamlScenario.Now.AddHours(8), authn.SessionNotOnOrAfter);
        var attribute = Assert.Single(read.AttributeStatement!.Attributes);
        Assert.Equal(AttributeNameFormats.Uri, attribute.NameFormat);
        Assert.Equal("upn", attribute.FriendlyName);
        Assert.Equal([SamlScenario.UserUpn], attribute.Values);
    }

    [Fact]
    public void Writer_UsesSamlPrefix_UtcZTimes_AndValidIds()
    {
        var assertion = _scenario.CreateAssertion();
        assertion.IssueInstant = new DateTimeOffset(2026, 1, 1, 13, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567);

        var root = new AssertionWriter().Write(assertion).DocumentElement!;

        Assert.Equal("saml", root.Prefix);
        Assert.Equal("2026-01-01T12:00:00.123Z", root.GetAttribute("IssueInstant"));
        Assert.Matches("^_[0-9a-f]{32}$", root.GetAttribute("ID"));
        Assert.Equal("2.0", root.GetAttribute("Version"));
    }

    [Fact]
    public void CommentInsideNameId_DoesNotTruncateTheValue()
    {
        var document = SamlScenario.Reload(new AssertionWriter().Write(_scenario.CreateAssertion()));
        var nameId = (XmlElement)document.GetElementsByTagName("NameID", SamlNamespaces.Assertion)[0]!;
        nameId.InnerXml = "alice@example.com<!-- injected -->.evil.example";
        var attributeValue = (XmlElement)document.GetElementsByTagName("AttributeValue", SamlNamespaces.Assertion)[0]!;
        attributeValue.InnerXml = "admin<!---->@example.com";

        var read = _reader.Read(SamlScenario.Reload(document).DocumentElement!).OrThrow();

        Assert.Equal("alice@example.com.evil.example", read.Subject!.NameId!.Value);
        Assert.Equal("admin@example.com", read.AttributeStatement!.Attributes[0].Values[0]);
    }

    [Fact]
    public void ChildElementInsideNameId_IsSchemaViolation()
    {
        var document = SamlScenario.Reload(new AssertionWriter().Write(_scenario.CreateAssertion()));
        var nameId = (XmlElement)document.GetElementsByTagName("NameID", SamlNamespaces.Assertion)[0]!;
        nameId.AppendChild(document.CreateElement("x"));

        Reject.With(SamlFailureReason.SchemaViolation, () => _reader.Read(document.DocumentElement!).OrThrow());
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("3.0")]
    public void OtherVersion_IsUnsupportedVersion(string version)
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());
        document.DocumentElement!.SetAttribute("Version", version);

        Reject.With(SamlFailureReason.UnsupportedVersion, () => _reader.Read(document.DocumentElement!).OrThrow());
    }

    [Fact]
    public void MissingIssuer_IsMissingRequiredValue()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());
        var root = document.DocumentElement!;
        root.RemoveChild(SamlScenario.Child(root, SamlNamespaces.Assertion, "Issuer"));

        Reject.With(SamlFailureReason.MissingRequiredValue, () => _reader.Read(root).OrThrow());
    }

    [Fact]
    public void BadDateTime_IsSchemaViolation()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());
        document.DocumentElement!.SetAttribute("IssueInstant", "yesterday");

        Reject.With(SamlFailureReason.SchemaViolation, () => _reader.Read(document.DocumentElement!).OrThrow());
    }

    [Fact]
    public void WrongRootElement_IsUnexpectedElement()
    {
        Reject.With(SamlFailureReason.UnexpectedElement, () => _reader.Read(Load("<Assertion xmlns='urn:other'/>").DocumentElement!).OrThrow());
    }

    [Fact]
    public void TimeWithoutZone_IsReadAsUtc()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());
        document.DocumentElement!.SetAttribute("IssueInstant", "2026-01-01T12:00:00");

        Assert.Equal(SamlScenario.Now, _reader.Read(document.DocumentElement!).OrThrow().IssueInstant);
    }
}
