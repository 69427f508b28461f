using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Domain;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>
/// Issue 12 item 7 and issue 14 item 5: the sign-in outcomes are closed typed results, and the one reason-to-code table
/// gives every validator reason a stable page code (the codes the real-server tests pin).
/// </summary>
public sealed class SignInOutcomeTests
{
    [Theory]
    [InlineData(AuthnRequestFailureReason.MalformedMessage, SignInErrorCode.RequestInvalid)]
    [InlineData(AuthnRequestFailureReason.RelayStateTooLong, SignInErrorCode.RequestInvalid)]
    [InlineData(AuthnRequestFailureReason.MissingIssuer, SignInErrorCode.RequestInvalid)]
    [InlineData(AuthnRequestFailureReason.UnknownIssuer, SignInErrorCode.RelyingPartyUnknown)]
    [InlineData(AuthnRequestFailureReason.MissingSignature, SignInErrorCode.RequestSignatureInvalid)]
    [InlineData(AuthnRequestFailureReason.InvalidSignature, SignInErrorCode.RequestSignatureInvalid)]
    [InlineData(AuthnRequestFailureReason.AssertionConsumerServiceIndexUnsupported, SignInErrorCode.AssertionConsumerServiceNotAllowed)]
    [InlineData(AuthnRequestFailureReason.AssertionConsumerServiceNotAllowed, SignInErrorCode.AssertionConsumerServiceNotAllowed)]
    [InlineData(AuthnRequestFailureReason.Replay, SignInErrorCode.RequestInvalid)]
    public void TheSamlReasonTable_GivesEachPageRefusalItsStableCode(AuthnRequestFailureReason reason, SignInErrorCode code) =>
        Assert.Equal(code, SignInStart.CodeFor(reason));

    [Fact]
    public void EveryReasonOfBothProtocols_HasARequestCode()
    {
        var requestCodes = new[]
        {
            SignInErrorCode.RequestInvalid, SignInErrorCode.RelyingPartyUnknown, SignInErrorCode.RequestSignatureInvalid,
            SignInErrorCode.AssertionConsumerServiceNotAllowed,
        };
        Assert.All(Enum.GetValues<AuthnRequestFailureReason>(), r => Assert.Contains(SignInStart.CodeFor(r), requestCodes));
        Assert.All(Enum.GetValues<WsFederationFailureReason>(), r => Assert.Contains(SignInStart.CodeFor(r), requestCodes));
        Assert.Equal(SignInErrorCode.RelyingPartyUnknown, SignInStart.CodeFor(WsFederationFailureReason.UnknownRealm));
        Assert.Equal(SignInErrorCode.AssertionConsumerServiceNotAllowed, SignInStart.CodeFor(WsFederationFailureReason.ReplyNotAllowed));
    }

    [Fact]
    public void ARefusal_CarriesTheReasonAndTheRelyingPartyForItsTheme()
    {
        var step = SignInStart.Refuse(new AuthnRequestFailure
        {
            Reason = AuthnRequestFailureReason.InvalidSignature, SamlReason = Protocols.SamlFailureReason.WeakAlgorithm, Detail = "SHA-1", RelyingParty = "urn:rp",
        });

        var refused = Assert.IsType<SignInStep.Refused>(step);
        Assert.Equal(SignInErrorCode.RequestSignatureInvalid, refused.Error.Code);
        Assert.Equal("urn:rp", refused.Error.RelyingParty);
        Assert.Equal("InvalidSignature (WeakAlgorithm): SHA-1", refused.Error.Detail);
    }

    [Fact]
    public void Decide_IsExactlyOneCase_CertificateErrorFirst_ThenTheUsers_ElseSignedIn()
    {
        var user = new DirectoryUser { Upn = "alice@contoso.com", ImmutableId = "alice" };
        var certificateError = new SignInError(SignInErrorCode.CertificateRevoked);
        var userError = new SignInError(SignInErrorCode.UserDisabled);

        var both = CertificateSignInService.Decide(certificateError, new CertificateUserLookup(null, user, null, null, userError));
        Assert.Equal(SignInErrorCode.CertificateRevoked, Assert.IsType<CertificateSignInResult.Refused>(both).Error.Code);

        var userOnly = CertificateSignInService.Decide(null, new CertificateUserLookup(null, user, null, null, userError));
        Assert.Equal(SignInErrorCode.UserDisabled, Assert.IsType<CertificateSignInResult.Refused>(userOnly).Error.Code);

        var signedIn = CertificateSignInService.Decide(null, new CertificateUserLookup(null, user, null, null, null));
        Assert.Same(user, Assert.IsType<CertificateSignInResult.SignedIn>(signedIn).User);
    }
}
