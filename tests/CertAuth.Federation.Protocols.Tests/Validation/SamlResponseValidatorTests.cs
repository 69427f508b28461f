using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Tests.Validation;

public sealed class SamlResponseValidatorTests
{
    private readonly SamlScenario _scenario = new();
    private readonly SamlResponseValidator _validator = new();

    private SamlResult<ValidatedAssertion> Validate(XmlDocument document, SamlResponseValidationParameters? p = null) =>
        _validator.Validate(SamlScenario.ToPost(document), p ?? _scenario.Parameters());

    private void Rejects(SamlFailureReason reason, XmlDocument document, SamlResponseValidationParameters? p = null) =>
        Reject.With(reason, () => Validate(document, p));

    [Fact]
    public void SignedAssertion_IsAccepted_WithItsFacts()
    {
        var result = Validate(_scenario.WriteSigned(_scenario.CreateResponse())).Valid();

        Assert.Equal(SamlScenario.UserUpn, result.Assertion.Subject!.NameId!.Value);
        Assert.Equal(SamlScenario.IdpEntityId, result.Issuer.EntityId);
        Assert.Equal(TestCertificates.IdpRsa.Thumbprint, result.SigningCertificate.Thumbprint);
        Assert.True(result.AssertionSigned);
        Assert.Equal(SamlScenario.RequestId, result.Response!.InResponseTo);
        Assert.Equal(SamlScenario.Now.AddHours(1).AddMinutes(5), result.ReplayExpiresAt);
    }

    [Fact]
    public void XmlText_IsAcceptedAsWellAsBase64()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());

        Assert.NotNull(_validator.Validate(document.OuterXml, _scenario.Parameters()).Valid());
    }

    [Fact]
    public void KeyRollover_AnyConfiguredCertificateOfTheIssuerVerifies()
    {
        var issuers = new[]
        {
            new TrustedIssuer(SamlScenario.IdpEntityId, [TestCertificates.PublicOnly(TestCertificates.IdpRsaNext), TestCertificates.PublicOnly(TestCertificates.IdpEcdsa)]),
        };

        var result = Validate(
            _scenario.WriteSigned(_scenario.CreateResponse(), certificate: TestCertificates.IdpEcdsa, algorithm: SignatureAlgorithms.EcdsaSha256),
            _scenario.Parameters(issuers: issuers)).Valid();

        Assert.Equal(TestCertificates.IdpEcdsa.Thumbprint, result.SigningCertificate.Thumbprint);
    }

    [Fact]
    public void ExclusiveC14NWithInclusiveNamespacesPrefixList_IsAccepted()
    {
        var document = new SamlResponseWriter().Write(_scenario.CreateResponse());
        CraftedSigner.Sign(SamlScenario.AssertionOf(document), TestCertificates.IdpRsa, inclusivePrefixes: "xs saml");

        Assert.Contains("InclusiveNamespaces", document.OuterXml, StringComparison.Ordinal);
        Assert.NotNull(Validate(document).Valid());
    }

    [Fact]
    public void ResponseWithoutIssuer_IsTrustedThroughTheAssertionIssuer()
    {
        var response = _scenario.CreateResponse();
        response.Issuer = null;

        Assert.Equal(SamlScenario.IdpEntityId, Validate(_scenario.WriteSigned(response)).Valid().Issuer.EntityId);
    }

    [Fact]
    public void OnlyResponseSigned_IsUnsignedAssertion_ByDefault_AndAcceptedWhenConfigured()
    {
        var response = _scenario.CreateResponse();
        var document = _scenario.WriteSigned(response, signAssertion: false, signResponse: true);

        Rejects(SamlFailureReason.UnsignedAssertion, document);
        var result = Validate(document, _scenario.Parameters(requireSignedAssertion: false)).Valid();
        Assert.False(result.AssertionSigned);
    }

    [Fact]
    public void BothSigned_IsAccepted()
    {
        Assert.True(Validate(_scenario.WriteSigned(_scenario.CreateResponse(), signAssertion: true, signResponse: true)).Valid().AssertionSigned);
    }

    [Fact]
    public void Sha1Signature_IsWeakAlgorithm_UnlessAllowed()
    {
        var document = new SamlResponseWriter().Write(_scenario.CreateResponse());
        CraftedSigner.Sign(SamlScenario.AssertionOf(document), TestCertificates.IdpRsa, SignatureAlgorithms.RsaSha1, SignatureAlgorithms.Sha1Digest);

        Rejects(SamlFailureReason.WeakAlgorithm, document);
        Assert.NotNull(Validate(document, _scenario.Parameters(allowSha1: true)).Valid());
    }

    [Fact]
    public void ExtraTransform_IsDisallowedTransform()
    {
        var document = new SamlResponseWriter().Write(_scenario.CreateResponse());
        CraftedSigner.Sign(SamlScenario.AssertionOf(document), TestCertificates.IdpRsa, extraTransforms: [new System.Security.Cryptography.Xml.XmlDsigC14NTransform()]);

        Rejects(SamlFailureReason.DisallowedTransform, document);
    }

    [Fact]
    public void UnknownIssuer_IsUntrustedIssuer()
    {
        var response = _scenario.CreateResponse();
        response.Issuer = "https://evil.example/";

        Rejects(SamlFailureReason.UntrustedIssuer, _scenario.WriteSigned(response));
    }

    [Fact]
    public void AssertionIssuerDiffersFromTrustedResponseIssuer_IsUntrustedIssuer()
    {
        var assertion = _scenario.CreateAssertion();
        assertion.Issuer = "https://other-idp.example/";

        Rejects(SamlFailureReason.UntrustedIssuer, _scenario.WriteSigned(_scenario.CreateResponse(assertion)));
    }

    [Fact]
    public void NonSuccessStatus_IsStatusNotSuccess_WithTheCodes()
    {
        var response = _scenario.CreateResponse();
        response.Status = new SamlStatus { StatusCode = SamlStatusCodes.Responder, SecondLevelStatusCode = SamlStatusCodes.AuthnFailed };

        var ex = Reject.With(SamlFailureReason.StatusNotSuccess, () => Validate(_scenario.WriteSigned(response)));
        Assert.Equal(SamlStatusCodes.AuthnFailed, ex.SecondLevelStatusCode);
    }

    [Fact]
    public void ErrorResponseWithoutAssertion_IsStatusNotSuccess()
    {
        var response = _scenario.CreateResponse();
        response.Assertions.Clear();
        response.Status = new SamlStatus { StatusCode = SamlStatusCodes.Requester };

        Rejects(SamlFailureReason.StatusNotSuccess, _scenario.WriteSigned(response));
    }

    [Fact]
    public void SuccessWithoutAssertion_IsNoAssertion()
    {
        var response = _scenario.CreateResponse();
        response.Assertions.Clear();

        Rejects(SamlFailureReason.NoAssertion, _scenario.WriteSigned(response, signResponse: true));
    }

    [Fact]
    public void TwoAssertions_IsMultipleAssertions()
    {
        var response = _scenario.CreateResponse();
        response.Assertions.Add(_scenario.CreateAssertion());

        Rejects(SamlFailureReason.MultipleAssertions, _scenario.WriteSigned(response));
    }

    [Fact]
    public void EncryptedAssertion_IsSchemaViolation()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());
        document.DocumentElement!.AppendChild(document.CreateElement("saml", "EncryptedAssertion", SamlNamespaces.Assertion));

        Rejects(SamlFailureReason.SchemaViolation, document);
    }

    [Fact]
    public void WrongDestination_IsWrongDestination()
    {
        var response = _scenario.CreateResponse();
        response.Destination = "https://other.example/acs";

        Rejects(SamlFailureReason.WrongDestination, _scenario.WriteSigned(response));
    }

    [Fact]
    public void SignedResponseWithoutDestination_IsWrongDestination()
    {
        var response = _scenario.CreateResponse();
        response.Destination = null;

        Rejects(SamlFailureReason.WrongDestination, _scenario.WriteSigned(response, signResponse: true));
    }

    [Fact]
    public void WrongRecipient_IsWrongRecipient()
    {
        Rejects(SamlFailureReason.WrongRecipient, _scenario.WriteSigned(_scenario.CreateResponse(_scenario.CreateAssertion(recipient: "https://other.example/acs"))));
    }

    [Fact]
    public void ResponseInResponseToMismatch_IsInResponseToMismatch()
    {
        var response = _scenario.CreateResponse();
        response.InResponseTo = "_another";

        Rejects(SamlFailureReason.InResponseToMismatch, _scenario.WriteSigned(response));
    }

    [Fact]
    public void BearerInResponseToMismatch_IsInResponseToMismatch()
    {
        Rejects(SamlFailureReason.InResponseToMismatch, _scenario.WriteSigned(_scenario.CreateResponse(_scenario.CreateAssertion(inResponseTo: "_another"))));
    }

    [Fact]
    public void Unsolicited_IsRejectedByDefault_AndAcceptedWhenAllowed()
    {
        var response = _scenario.CreateResponse(_scenario.CreateAssertion(inResponseTo: null));
        response.InResponseTo = null;
        var document = _scenario.WriteSigned(response);

        Rejects(SamlFailureReason.InResponseToMismatch, document, _scenario.Parameters(expectedInResponseTo: null));
        Assert.NotNull(Validate(document, _scenario.Parameters(expectedInResponseTo: null, allowUnsolicited: true)).Valid());
    }

    [Fact]
    public void SolicitedResponse_WhenNoRequestIsPending_IsInResponseToMismatch()
    {
        Rejects(
            SamlFailureReason.InResponseToMismatch,
            _scenario.WriteSigned(_scenario.CreateResponse()),
            _scenario.Parameters(expectedInResponseTo: null, allowUnsolicited: true));
    }

    [Fact]
    public void WrongAudience_IsWrongAudience()
    {
        var assertion = _scenario.CreateAssertion();
        assertion.Conditions!.AudienceRestrictions[0].Audiences[0] = "https://other-sp.example/";

        Rejects(SamlFailureReason.WrongAudience, _scenario.WriteSigned(_scenario.CreateResponse(assertion)));
    }

    [Fact]
    public void SecondRestrictionWithoutOurAudience_IsWrongAudience()
    {
        var assertion = _scenario.CreateAssertion();
        var restriction = new AudienceRestriction();
        restriction.Audiences.Add("https://other-sp.example/");
        assertion.Conditions!.AudienceRestrictions.Add(restriction);

        Rejects(SamlFailureReason.WrongAudience, _scenario.WriteSigned(_scenario.CreateResponse(assertion)));
    }

    [Fact]
    public void NoAudienceRestriction_IsWrongAudience()
    {
        var assertion = _scenario.CreateAssertion();
        assertion.Conditions!.AudienceRestrictions.Clear();

        Rejects(SamlFailureReason.WrongAudience, _scenario.WriteSigned(_scenario.CreateResponse(assertion)));
    }

    [Fact]
    public void NoAuthnStatement_IsMissingRequiredValue()
    {
        var assertion = _scenario.CreateAssertion();
        assertion.AuthnStatements.Clear();

        Rejects(SamlFailureReason.MissingRequiredValue, _scenario.WriteSigned(_scenario.CreateResponse(assertion)));
    }

    [Fact]
    public void SameAssertionTwice_IsReplay()
    {
        var post = SamlScenario.ToPost(_scenario.WriteSigned(_scenario.CreateResponse()));
        _validator.Validate(post, _scenario.Parameters()).Valid();

        Reject.With(SamlFailureReason.Replay, () => _validator.Validate(post, _scenario.Parameters()));
    }

    [Fact]
    public void UnsupportedVersion_IsRejected()
    {
        var document = _scenario.WriteSigned(_scenario.CreateResponse());
        document.DocumentElement!.SetAttribute("Version", "1.1");

        Rejects(SamlFailureReason.UnsupportedVersion, document);
    }

    [Fact]
    public void BareAssertionGivenToResponseValidator_IsUnexpectedElement()
    {
        var document = new AssertionWriter().Write(_scenario.CreateAssertion());

        Rejects(SamlFailureReason.UnexpectedElement, document);
    }

    [Fact]
    public void InputProblems_AreTyped()
    {
        var p = _scenario.Parameters();
        Reject.With(SamlFailureReason.MessageTooLarge, () => _validator.Validate(new string('A', (512 * 1024) + 4), p));
        Reject.With(SamlFailureReason.MalformedEncoding, () => _validator.Validate("###", p));
        Reject.With(SamlFailureReason.MalformedXml, () => _validator.Validate("<samlp:Response", p));
        Reject.With(SamlFailureReason.DtdProhibited, () => _validator.Validate(
            "<!DOCTYPE r [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'>&e;</samlp:Response>", p));
    }
}
