using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Tests.TestKit;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Protocols.Tests.Samlp;

/// <summary>
/// Issue 14 item 5: every request-side check of SAML sign-on lives in <see cref="AuthnRequestValidator"/> and answers
/// with a validated request or a typed reason (never an exception for bad input).
/// </summary>
public sealed class AuthnRequestValidatorTests
{
    private const string Sso = "https://idp.test/adfs/ls/";
    private const string Rp = "urn:test:rp";
    private const string Acs = "https://rp.test/acs";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpRedirectBinding _redirect = new(new SamlBindingOptions { MaxRelayStateLength = 16 });
    private readonly HttpPostBinding _post = new(new SamlBindingOptions { MaxRelayStateLength = 16 });
    private readonly AuthnRequestValidator _validator;
    private readonly InMemoryAssertionReplayCache _replay;

    public AuthnRequestValidatorTests()
    {
        _validator = new AuthnRequestValidator(_redirect, _post, new SafeXmlLoader(), new SamlIssuerReader(), new AuthnRequestReader(), new SignatureVerifier());
        _replay = new InMemoryAssertionReplayCache(_clock);
    }

    [Fact]
    public void UnsignedRedirectRequest_IsValidated_WithTheDefaultAcs_TheTrustsFormat_AndTheRelayState()
    {
        var request = Request(acs: null);
        request.ForceAuthn = true;
        var read = _validator.ReadRedirect(_redirect.EncodeQueryString("SAMLRequest", Write(request), "state-1"));

        Assert.Null(read.Failure);
        Assert.Equal(Rp, read.Message!.Issuer);
        Assert.Equal("AuthnRequest", read.Message.RootName);
        var result = _validator.Validate(read.Message, Trust(), Parameters());

        Assert.Null(result.Failure);
        Assert.Equal(request.Id, result.Request!.Request.Id);
        Assert.Equal(Acs, result.Request.AssertionConsumerServiceUrl);
        Assert.Equal(NameIdFormats.Persistent, result.Request.NameIdFormat);
        Assert.Equal("state-1", result.Request.RelayState);
        Assert.True(result.Request.Request.ForceAuthn);
        Assert.Null(result.Request.VerifiedBy);
    }

    [Fact]
    public void SignedPostRequest_VerifiesWithTheTrustsKeyOnly()
    {
        var document = Write(Request());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        var trust = Trust(requireSigned: true, key: TestCertificates.PublicOnly(TestCertificates.IdpRsa));

        var accepted = Validate(_post.Encode(document), trust);
        Assert.Null(accepted.Failure);
        Assert.Equal(TestCertificates.IdpRsa.Thumbprint, accepted.Request!.VerifiedBy!.Thumbprint);

        var forged = Write(Request());
        new XmlSigner().Sign(forged.DocumentElement!, TestCertificates.AttackerRsa);
        var refused = Validate(_post.Encode(forged), trust).Failure!;
        Assert.Equal(AuthnRequestFailureReason.InvalidSignature, refused.Reason);
        Assert.Equal(SamlFailureReason.UntrustedKey, refused.SamlReason);
        Assert.Equal(Rp, refused.RelyingParty);
        Assert.Null(refused.AssertionConsumerServiceUrl);
    }

    [Fact]
    public void SignedPostRequest_WhoseSignedContentChanged_IsAnInvalidSignature()
    {
        var document = Write(Request());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.IdpRsa);
        document.DocumentElement!.SetAttribute("AssertionConsumerServiceURL", "https://rp.test/acs2");

        var refused = Validate(_post.Encode(document), Trust(key: TestCertificates.PublicOnly(TestCertificates.IdpRsa))).Failure!;

        Assert.Equal(AuthnRequestFailureReason.InvalidSignature, refused.Reason);
        Assert.Equal(SamlFailureReason.InvalidSignature, refused.SamlReason);
    }

    [Fact]
    public void UnsignedRequest_ToATrustThatRequiresSignatures_IsMissingSignature_OnBothBindings()
    {
        var trust = Trust(requireSigned: true, key: TestCertificates.PublicOnly(TestCertificates.IdpRsa));

        Assert.Equal(AuthnRequestFailureReason.MissingSignature, Validate(_post.Encode(Write(Request())), trust).Failure!.Reason);
        var read = _validator.ReadRedirect(_redirect.EncodeQueryString("SAMLRequest", Write(Request())));
        Assert.Equal(AuthnRequestFailureReason.MissingSignature, _validator.Validate(read.Message!, trust, Parameters()).Failure!.Reason);
    }

    [Fact]
    public void RedirectSignature_IsCheckedOverTheRawQueryString()
    {
        var trust = Trust(requireSigned: true, key: TestCertificates.PublicOnly(TestCertificates.IdpRsa));
        var query = _redirect.EncodeQueryString("SAMLRequest", Write(Request()), "state", TestCertificates.IdpRsa);

        Assert.Null(_validator.Validate(_validator.ReadRedirect(query).Message!, trust, Parameters()).Failure);

        var tampered = query.Replace("RelayState=state", "RelayState=other", StringComparison.Ordinal);
        var refused = _validator.Validate(_validator.ReadRedirect(tampered).Message!, trust, Parameters()).Failure!;
        Assert.Equal(AuthnRequestFailureReason.InvalidSignature, refused.Reason);
    }

    [Fact]
    public void SignedRequest_ToATrustWithoutAKey_IsTreatedAsUnsigned()
    {
        var document = Write(Request());
        new XmlSigner().Sign(document.DocumentElement!, TestCertificates.AttackerRsa);

        var result = Validate(_post.Encode(document), Trust());

        Assert.Null(result.Failure);
        Assert.Null(result.Request!.VerifiedBy);
    }

    [Fact]
    public void PhaseOne_RefusesBadEncoding_Dtds_LongRelayState_AndAMissingIssuer_WithTypedReasons()
    {
        var garbage = _validator.ReadPost("%%%not-base64%%%", null).Failure!;
        Assert.Equal((AuthnRequestFailureReason.MalformedMessage, SamlFailureReason.MalformedEncoding), (garbage.Reason, garbage.SamlReason));

        var dtd = "<!DOCTYPE x [<!ENTITY e \"e\">]><samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
        var refusedDtd = _validator.ReadPost(Convert.ToBase64String(Encoding.UTF8.GetBytes(dtd)), null).Failure!;
        Assert.Equal((AuthnRequestFailureReason.MalformedMessage, SamlFailureReason.DtdProhibited), (refusedDtd.Reason, refusedDtd.SamlReason));

        Assert.Equal(AuthnRequestFailureReason.RelayStateTooLong, _validator.ReadPost(_post.Encode(Write(Request())), new string('r', 17)).Failure!.Reason);
        Assert.Equal(AuthnRequestFailureReason.RelayStateTooLong, _validator.CheckRelayState(new string('r', 17))!.Reason);
        Assert.Null(_validator.CheckRelayState("short"));

        var anonymous = Request();
        anonymous.Issuer = null;
        Assert.Equal(AuthnRequestFailureReason.MissingIssuer, _validator.ReadPost(_post.Encode(Write(anonymous)), null).Failure!.Reason);

        var oversized = _validator.ReadRedirect("SAMLRequest=" + new string('A', 70 * 1024)).Failure!;
        Assert.Equal((AuthnRequestFailureReason.MalformedMessage, SamlFailureReason.MessageTooLarge), (oversized.Reason, oversized.SamlReason));
    }

    [Fact]
    public void UnknownTrust_IsUnknownIssuer_AndAnUnregisteredAcsOrAnIndex_IsAPageRefusal()
    {
        Assert.Equal(AuthnRequestFailureReason.UnknownIssuer, Validate(_post.Encode(Write(Request())), null).Failure!.Reason);

        var evil = Validate(_post.Encode(Write(Request(acs: "https://evil.test/acs"))), Trust()).Failure!;
        Assert.Equal(AuthnRequestFailureReason.AssertionConsumerServiceNotAllowed, evil.Reason);
        Assert.Null(evil.AssertionConsumerServiceUrl);

        var indexed = Request(acs: null);
        indexed.ProtocolBinding = null;
        indexed.AssertionConsumerServiceIndex = 1;
        Assert.Equal(AuthnRequestFailureReason.AssertionConsumerServiceIndexUnsupported, Validate(_post.Encode(Write(indexed)), Trust()).Failure!.Reason);
    }

    public static TheoryData<string, AuthnRequestFailureReason, string, string> AcsAnsweredRefusals => new()
    {
        { "destination", AuthnRequestFailureReason.WrongDestination, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied },
        { "future", AuthnRequestFailureReason.IssueInstantOutOfRange, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied },
        { "stale", AuthnRequestFailureReason.IssueInstantOutOfRange, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied },
        { "binding", AuthnRequestFailureReason.UnsupportedProtocolBinding, SamlStatusCodes.Requester, SamlStatusCodes.RequestUnsupported },
        { "passive", AuthnRequestFailureReason.PassiveNotSupported, SamlStatusCodes.Responder, SamlStatusCodes.NoPassive },
        { "nameid", AuthnRequestFailureReason.NameIdPolicyUnsupported, SamlStatusCodes.Requester, SamlStatusCodes.InvalidNameIdPolicy },
    };

    [Theory]
    [MemberData(nameof(AcsAnsweredRefusals))]
    public void AfterTheAcsIsChecked_RefusalsCarryTheAcs_AndTheSamlStatus(string change, AuthnRequestFailureReason reason, string status, string secondLevel)
    {
        var request = Request();
        switch (change)
        {
            case "destination": request.Destination = "https://other.test/adfs/ls/"; break;
            case "future": request.IssueInstant = _clock.GetUtcNow().AddMinutes(6); break;
            case "stale": request.IssueInstant = _clock.GetUtcNow().AddMinutes(-16); break;
            case "binding": request.ProtocolBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"; break;
            case "passive": request.IsPassive = true; break;
            case "nameid": request.NameIdPolicy = new NameIdPolicy { Format = "urn:example:unknown-format" }; break;
        }

        var failure = Validate(_post.Encode(Write(request)), Trust()).Failure!;

        Assert.Equal(reason, failure.Reason);
        Assert.Equal(Acs, failure.AssertionConsumerServiceUrl);
        Assert.Equal(request.Id, failure.InResponseTo);
        Assert.Equal((status, secondLevel), (failure.StatusCode, failure.SecondLevelStatusCode));
    }

    [Fact]
    public void ASupportedNameIdPolicy_ChoosesTheFormat()
    {
        var request = Request();
        request.NameIdPolicy = new NameIdPolicy { Format = NameIdFormats.EmailAddress };

        Assert.Equal(NameIdFormats.EmailAddress, Validate(_post.Encode(Write(request)), Trust()).Request!.NameIdFormat);
    }

    [Fact]
    public void TheSameRequestId_IsAcceptedOncePerIssuer()
    {
        var request = Request();
        var encoded = _post.Encode(Write(request));

        Assert.Null(Validate(encoded, Trust()).Failure);
        var replay = Validate(encoded, Trust()).Failure!;
        Assert.Equal(AuthnRequestFailureReason.Replay, replay.Reason);
        Assert.Null(replay.AssertionConsumerServiceUrl);

        // Another trust may use the same ID (IDs are unique per issuer).
        request.Issuer = "urn:test:other";
        Assert.Null(Validate(_post.Encode(Write(request)), Trust(entityId: "urn:test:other")).Failure);
    }

    [Fact]
    public void ARefusedRequest_IsNotRemembered_SoItsCorrectedRetryIsNotAReplay()
    {
        var request = Request();
        request.IsPassive = true;
        Assert.Equal(AuthnRequestFailureReason.PassiveNotSupported, Validate(_post.Encode(Write(request)), Trust()).Failure!.Reason);

        request.IsPassive = false;
        Assert.Null(Validate(_post.Encode(Write(request)), Trust()).Failure);
    }

    [Fact]
    public void ALogoutRequest_IsReadInPhaseOne_ForTheCallerToDispatch_AndIsNotAnAuthnRequest()
    {
        var xml = $"<samlp:LogoutRequest xmlns:samlp=\"{SamlNamespaces.Protocol}\" xmlns:saml=\"{SamlNamespaces.Assertion}\" ID=\"_l1\" Version=\"2.0\" IssueInstant=\"2026-12-03T12:00:00Z\"><saml:Issuer>{Rp}</saml:Issuer><saml:NameID>alice</saml:NameID></samlp:LogoutRequest>";
        var read = _validator.ReadPost(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)), null);

        Assert.Equal("LogoutRequest", read.Message!.RootName);
        var failure = _validator.Validate(read.Message, Trust(), Parameters()).Failure!;
        Assert.Equal((AuthnRequestFailureReason.MalformedMessage, SamlFailureReason.UnexpectedElement), (failure.Reason, failure.SamlReason));
    }

    private AuthnRequestValidationResult Validate(string encodedPost, AuthnRequestTrust? trust)
    {
        var read = _validator.ReadPost(encodedPost, null);
        Assert.Null(read.Failure);
        return _validator.Validate(read.Message!, trust, Parameters());
    }

    private AuthnRequestValidationParameters Parameters() => new()
    {
        ExpectedDestination = Sso,
        Now = _clock.GetUtcNow(),
        ClockSkew = TimeSpan.FromMinutes(5),
        MaxAge = TimeSpan.FromMinutes(10),
        ReplayCache = _replay,
    };

    private static AuthnRequestTrust Trust(bool requireSigned = false, X509Certificate2? key = null, string entityId = Rp) => new()
    {
        EntityId = entityId,
        RequireSignedRequests = requireSigned,
        RequestSigningCertificate = key,
        AssertionConsumerServiceUrls = [Acs, "https://rp.test/acs2"],
        NameIdFormat = NameIdFormats.Persistent,
    };

    private AuthnRequest Request(string? acs = Acs) => new()
    {
        Id = new SamlIdGenerator().NewId(),
        IssueInstant = _clock.GetUtcNow(),
        Destination = Sso,
        Issuer = Rp,
        AssertionConsumerServiceUrl = acs,
        ProtocolBinding = SamlBindingUris.HttpPost,
    };

    private static XmlDocument Write(AuthnRequest request) => new AuthnRequestWriter().Write(request);
}
