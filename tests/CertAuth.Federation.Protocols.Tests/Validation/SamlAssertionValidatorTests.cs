using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Validation;

/// <summary>RFC 7522 saml2-bearer grant: the assertion comes alone, base64url-encoded, and its Recipient is the token endpoint.</summary>
public sealed class SamlAssertionValidatorTests
{
    private const string TokenEndpoint = "https://sp.example.com/oauth2/token";
    private readonly SamlScenario _scenario = new();
    private readonly SamlAssertionValidator _validator = new();

    private XmlDocument SignedAssertion(Assertion? assertion = null, bool sign = true)
    {
        var document = new AssertionWriter().Write(assertion ?? _scenario.CreateAssertion(TokenEndpoint, inResponseTo: null));
        if (sign)
        {
            new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        }

        return document;
    }

    private static string Base64Url(XmlDocument document) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(document.OuterXml)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private SamlResponseValidationParameters Parameters() => _scenario.Parameters(expectedInResponseTo: null, expectedRecipient: TokenEndpoint);

    [Fact]
    public void SignedAssertion_Base64Url_IsAccepted()
    {
        var result = _validator.Validate(Base64Url(SignedAssertion()), Parameters()).Valid();

        Assert.Equal(SamlScenario.UserUpn, result.Assertion.Subject!.NameId!.Value);
        Assert.Null(result.Response);
        Assert.True(result.AssertionSigned);
    }

    [Fact]
    public void RecipientIsTheAcsNotTheTokenEndpoint_IsWrongRecipient()
    {
        var assertion = _scenario.CreateAssertion(SamlScenario.AcsUrl, inResponseTo: null);

        Reject.With(SamlFailureReason.WrongRecipient, () => _validator.Validate(Base64Url(SignedAssertion(assertion)), Parameters()));
    }

    [Fact]
    public void Unsigned_IsMissingSignature()
    {
        Reject.With(SamlFailureReason.MissingSignature, () => _validator.Validate(Base64Url(SignedAssertion(sign: false)), Parameters()));
    }

    [Fact]
    public void UntrustedIssuer_IsRejectedBeforeSignature()
    {
        var assertion = _scenario.CreateAssertion(TokenEndpoint, inResponseTo: null);
        assertion.Issuer = "https://evil.example/";

        Reject.With(SamlFailureReason.UntrustedIssuer, () => _validator.Validate(Base64Url(SignedAssertion(assertion)), Parameters()));
    }

    [Fact]
    public void PresentedTwice_IsReplay()
    {
        var value = Base64Url(SignedAssertion());
        _validator.Validate(value, Parameters()).Valid();

        Reject.With(SamlFailureReason.Replay, () => _validator.Validate(value, Parameters()));
    }

    [Fact]
    public void Expired_IsExpired()
    {
        var value = Base64Url(SignedAssertion());
        _scenario.Time.Advance(TimeSpan.FromMinutes(11));

        Reject.With(SamlFailureReason.Expired, () => _validator.Validate(value, Parameters()));
    }

    [Fact]
    public void ResponseGivenAsGrant_IsUnexpectedElement()
    {
        var response = _scenario.WriteSigned(_scenario.CreateResponse());

        Reject.With(SamlFailureReason.UnexpectedElement, () => _validator.Validate(Base64Url(response), Parameters()));
    }
}
