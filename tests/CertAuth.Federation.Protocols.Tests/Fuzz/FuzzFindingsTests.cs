using System.Xml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Fuzz;

/// <summary>Fixed cases for what the fuzz tests found, so the fix stays even when a random run does not hit it.</summary>
public sealed class FuzzFindingsTests
{
    [Theory]
    [InlineData("DigestValue")]
    [InlineData("SignatureValue")]
    public void SignatureValueThatIsNotBase64_IsSchemaViolation_NotAFormatException(string element)
    {
        var scenario = new SamlScenario();
        var document = scenario.WriteSigned(scenario.CreateResponse());
        var value = (XmlElement)document.GetElementsByTagName(element, "http://www.w3.org/2000/09/xmldsig#")[0]!;
        value.InnerText = "$$not*base64$$";

        Reject.With(SamlFailureReason.SchemaViolation, () => new SamlResponseValidator().Validate(SamlScenario.ToPost(document), scenario.Parameters()));
    }
}
