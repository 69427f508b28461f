using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;

namespace CertAuth.Federation.Protocols.Tests.Bindings;

/// <summary>
/// Claim values may carry a carriage return (text) or a tab/newline (attribute values): serialization must keep them
/// as character references, or the receiver's parser normalizes them and the signature no longer verifies.
/// </summary>
public sealed class WhitespaceInValuesTests
{
    [Theory]
    [InlineData("line one\r\nline two")]
    [InlineData("tab\there")]
    [InlineData("cr\ronly")]
    public void SignedAssertion_WithWhitespaceInAClaimValue_ValidatesAfterTheTrip(string value)
    {
        var scenario = new SamlScenario();
        var assertion = scenario.CreateAssertion();
        var claim = new SamlAttribute { Name = "urn:test:multiline", NameFormat = AttributeNameFormats.Uri };
        claim.Values.Add(value);
        assertion.AttributeStatement!.Attributes.Add(claim);
        assertion.Subject!.NameId!.NameQualifier = "qualifier\twith\ttabs";

        var posted = new HttpPostBinding().Encode(scenario.WriteSigned(scenario.CreateResponse(assertion)));
        var validated = new SamlResponseValidator().Validate(posted, scenario.Parameters()).Valid();

        var claimReceived = validated.Assertion.AttributeStatement!.Attributes.Single(a => a.Name == "urn:test:multiline");
        Assert.Equal(value, claimReceived.Values.Single());
        Assert.Equal("qualifier\twith\ttabs", validated.Assertion.Subject!.NameId!.NameQualifier);

        // Independent verification of the same bytes with xmlsec1 is in the Server tests (XmlSec1 helper). .NET's own
        // SignedXml disagrees on tabs in attribute values (it re-serializes without character references).
    }
}
