using CertAuth.Federation.Protocols.WsFederation;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.RelyingParties;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// The WS-Federation passive requestor profile at <c>/adfs/ls/</c> (WS-Federation 1.2 §13). The parameters are checked
/// by <see cref="WsFederationRequestValidator"/> (phase one: alone; phase two: against the trust <c>wtrealm</c> names),
/// a refusal is mapped by the one reason-to-code table (<see cref="SignInStart.CodeFor(WsFederationFailureReason)"/>) and
/// logged once when its page is rendered, and a valid sign-in goes down the same sign-in path as a SAML request
/// (<see cref="SignInStart.Begin"/>: a sealed <see cref="SignInContext"/> and a redirect to the certificate listener). Sign-out answers are
/// decided here too (<see cref="HandleSignOutAsync"/>).
/// </summary>
public sealed class WsFederationSignOnHandler(
    WsFederationRequestValidator validator,
    IRelyingPartyResolver relyingParties,
    SignInStart signInStart,
    IOptions<FederationServerOptions> options,
    TimeProvider timeProvider,
    ILogger<WsFederationSignOnHandler> logger)
{
    /// <summary>Phase one of any WS-Federation request (sign-in or sign-out): the parameters alone.</summary>
    public WsFederationValidationResult Parse(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters)
    {
        var settings = options.Value;
        return validator.Validate(parameters, timeProvider.GetUtcNow(), settings.ClockSkew, settings.SignInContextLifetime);
    }

    /// <summary><c>wa=wsignin1.0</c>: the checked request, sealed, and a redirect to the certificate listener.</summary>
    public async Task<SignInStep> HandleSignInAsync(WsFederationMessage message, CancellationToken cancellationToken)
    {
        var trust = await relyingParties.ResolveAsync(message.Realm!, cancellationToken);
        var checkedTrust = validator.CheckTrust(message, trust is not null, trust?.IsWsFederation == true, trust?.AssertionConsumerServiceUrls ?? []);
        if (checkedTrust.Message is not { } valid)
        {
            return Refuse(trust is null ? null : message.Realm, checkedTrust);
        }

        return signInStart.Begin(new SignInContext
        {
            RelyingParty = trust!.EntityId,
            AssertionConsumerServiceUrl = valid.Reply!,
            RelayState = valid.Context,
            NameIdFormat = trust.NameIdFormat,
            Protocol = RelyingParties.RelyingPartyTrust.WsFederation,
        });
    }

    /// <summary>
    /// <c>wa=wsignout1.0</c> / <c>wsignoutcleanup1.0</c>: where the browser goes at the end. Ending the sign-in session
    /// and logging its parties out is the single-logout path's work (Sessions/SingleLogoutHandler.cs). When <c>wtrealm</c> names a
    /// WS-Federation trust and <c>wreply</c> is one of its endpoints, the browser goes back there; otherwise the themed
    /// signed-out page is shown (null).
    /// </summary>
    public async Task<string?> HandleSignOutAsync(WsFederationMessage message, CancellationToken cancellationToken)
    {
        if (message.Realm is null || message.Reply is null)
        {
            return null;
        }

        var trust = await relyingParties.ResolveAsync(message.Realm, cancellationToken);
        var checkedTrust = validator.CheckTrust(message, trust is not null, trust?.IsWsFederation == true, trust?.AssertionConsumerServiceUrls ?? []);
        if (checkedTrust.Message is null)
        {
            logger.WsFederationRequestRefused(message.Realm, checkedTrust.Reason.ToString()!, checkedTrust.Detail);
            return null;
        }

        return checkedTrust.Message.Reply;
    }

    /// <summary>A refusal shown with the table's code; logged once, with its typed reason, when the page is rendered.</summary>
    public SignInStep Refuse(string? realm, WsFederationValidationResult result) => SignInStart.Refuse(result, realm);
}
