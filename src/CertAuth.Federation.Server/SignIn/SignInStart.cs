using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Server.Errors;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// The one sign-in path both protocols and both SAML bindings feed once their validator
/// (<see cref="AuthnRequestValidator"/>, <see cref="WsFederationRequestValidator"/>) has spoken: a validated request
/// becomes a sealed <see cref="SignInContext"/> and a redirect to the certificate listener (<see cref="Begin"/>); a
/// refusal becomes an error page whose code comes from the one reason-to-code table (<see cref="CodeFor(AuthnRequestFailureReason)"/>,
/// <see cref="CodeFor(WsFederationFailureReason)"/>). A refusal is not logged here: it is logged exactly once, with its
/// code, typed reason and correlation id, when the page is rendered (event 1000).
/// </summary>
public sealed class SignInStart(SignInContextProtector contextProtector, IOptions<FederationServerOptions> options)
{
    /// <summary>The reason-to-code table for SAML requests (codes are stable: tests and documentation pin them).</summary>
    public static SignInErrorCode CodeFor(AuthnRequestFailureReason reason) => reason switch
    {
        AuthnRequestFailureReason.UnknownIssuer => SignInErrorCode.RelyingPartyUnknown,
        AuthnRequestFailureReason.MissingSignature or AuthnRequestFailureReason.InvalidSignature => SignInErrorCode.RequestSignatureInvalid,
        AuthnRequestFailureReason.AssertionConsumerServiceIndexUnsupported or AuthnRequestFailureReason.AssertionConsumerServiceNotAllowed
            => SignInErrorCode.AssertionConsumerServiceNotAllowed,
        _ => SignInErrorCode.RequestInvalid,
    };

    /// <summary>The reason-to-code table for WS-Federation requests.</summary>
    public static SignInErrorCode CodeFor(WsFederationFailureReason reason) => reason switch
    {
        WsFederationFailureReason.UnknownRealm or WsFederationFailureReason.RealmNotWsFederation => SignInErrorCode.RelyingPartyUnknown,
        WsFederationFailureReason.ReplyNotAllowed or WsFederationFailureReason.NoReplyEndpoint => SignInErrorCode.AssertionConsumerServiceNotAllowed,
        _ => SignInErrorCode.RequestInvalid,
    };

    /// <summary>A validated request: sealed and sent to the certificate listener.</summary>
    public SignInStep Begin(SignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Uri(options.Value.CertificateSignInUrl, "/adfs/ls/certauth");
        return SignInStep.Redirect(target.AbsoluteUri + "?context=" + Uri.EscapeDataString(contextProtector.Protect(context)));
    }

    /// <summary>
    /// A refused SAML request shown as a page. The page uses the relying party's theme when the request named a trusted
    /// one (branding only: nothing else about the page depends on the unverified request).
    /// </summary>
    public static SignInStep Refuse(AuthnRequestFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return SignInStep.Fail(new SignInError(CodeFor(failure.Reason), failure.ToString()) { RelyingParty = failure.RelyingParty });
    }

    /// <summary>A refused WS-Federation request shown as a page (<paramref name="realm"/>: the trust's, for its theme).</summary>
    public static SignInStep Refuse(WsFederationValidationResult result, string? realm)
    {
        ArgumentNullException.ThrowIfNull(result);
        return SignInStep.Fail(new SignInError(CodeFor(result.Reason!.Value), $"{result.Reason}: {result.Detail}") { RelyingParty = realm });
    }
}
