using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.Telemetry;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Receives SAML AuthnRequests (HTTP-Redirect and HTTP-POST) and IdP-initiated requests. Every protocol check is
/// <see cref="AuthnRequestValidator"/>'s, in two phases: the message is read without trusting anything
/// (<see cref="AuthnRequestValidator.ReadRedirect"/>, <see cref="AuthnRequestValidator.ReadPost"/>), the relying party
/// its Issuer names is resolved, and the request is validated with that party's key and endpoints
/// (<see cref="AuthnRequestValidator.Validate"/>). A valid request goes down the one sign-in path
/// (<see cref="SignInStart.Begin"/>); a refusal is an error page from the one reason-to-code table, or — once the ACS is
/// known to be registered — a SAML error Response posted there.
/// </summary>
public sealed class SamlSignOnHandler(
    AuthnRequestValidator validator,
    IRelyingPartyResolver relyingParties,
    SignInStart signInStart,
    SamlResponseFactory responseFactory,
    SamlResponseIssuer responseIssuer,
    IOptions<FederationServerOptions> options,
    TimeProvider timeProvider,
    FederationMetrics metrics,
    ILogger<SamlSignOnHandler> logger,
    IRequestIdReplayStore requestIds)
{
    // Accepted request IDs per issuer, until their IssueInstant leaves the accepted window: in the federation store
    // (fs_request_id_replay), so a request replayed to another node of a farm is refused there too (CAF1202). A store
    // that cannot be reached throws: the request is answered 503 CAF1302, never accepted unrecorded. Why a flood of
    // made-up IDs cannot refuse legitimate sign-ins: docs/security.md, "Replay and themes across nodes".
    private readonly StoreRequestIdReplayCache _replayCache = new(requestIds, StoreRequestIdReplayCache.AuthnRequestScope);

    /// <summary>HTTP-Redirect binding (SAML Bindings §3.4): the raw query string exactly as received.</summary>
    public Task<SignInStep> HandleRedirectAsync(string rawQueryString, CancellationToken cancellationToken) =>
        HandleAsync(validator.ReadRedirect(rawQueryString), cancellationToken);

    /// <summary>HTTP-POST binding (SAML Bindings §3.5): a base64 form value, signature enveloped in the XML.</summary>
    public Task<SignInStep> HandlePostAsync(string samlRequest, string? relayState, CancellationToken cancellationToken) =>
        HandleAsync(validator.ReadPost(samlRequest, relayState), cancellationToken);

    /// <summary>IdP-initiated sign-on: an unsolicited Response to the trust's default ACS.</summary>
    public async Task<SignInStep> HandleIdpInitiatedAsync(string? loginToRp, string? relayState, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(loginToRp))
        {
            return SignInStep.Fail(SignInErrorCode.RequestInvalid, "loginToRp is required.");
        }

        if (validator.CheckRelayState(relayState) is { } failure)
        {
            return SignInStart.Refuse(failure with { RelyingParty = loginToRp });
        }

        var relyingParty = await relyingParties.ResolveAsync(loginToRp, cancellationToken);
        var acs = relyingParty?.ResolveAssertionConsumerService(null);
        if (relyingParty is null || acs is null)
        {
            return SignInStep.Fail(SignInErrorCode.RelyingPartyUnknown, "No enabled relying party with that entity id.");
        }

        return signInStart.Begin(new SignInContext
        {
            RelyingParty = relyingParty.EntityId,
            AssertionConsumerServiceUrl = acs,
            RelayState = relayState,
            NameIdFormat = relyingParty.NameIdFormat,
        });
    }

    /// <summary>Both bindings: phase one's result, the trust its Issuer names, phase two, and the one sign-in path.</summary>
    private async Task<SignInStep> HandleAsync(SamlRequestReadResult read, CancellationToken cancellationToken)
    {
        if (read.Message is not { } received)
        {
            return SignInStart.Refuse(read.Failure!);
        }

        // Dispatch on the request's root element: an AuthnRequest continues below (other roots are refused by the
        // validator's schema check).
        var relyingParty = await relyingParties.ResolveAsync(received.Issuer, cancellationToken);
        var settings = options.Value;
        var validated = validator.Validate(received, relyingParty is null ? null : ToTrust(relyingParty), new AuthnRequestValidationParameters
        {
            ExpectedDestination = settings.SingleSignOnUrl.AbsoluteUri,
            Now = timeProvider.GetUtcNow(),
            ClockSkew = settings.ClockSkew,
            MaxAge = settings.SignInContextLifetime,
            AllowSha1 = settings.AllowSha1,
            ReplayCache = _replayCache,
        });

        if (validated.Request is { } request)
        {
            return signInStart.Begin(new SignInContext
            {
                RelyingParty = request.Issuer,
                AssertionConsumerServiceUrl = request.AssertionConsumerServiceUrl,
                RequestId = request.Request.Id,
                RelayState = request.RelayState,
                NameIdFormat = request.NameIdFormat,
            });
        }

        var failure = validated.Failure!;
        return failure.AssertionConsumerServiceUrl is not null && relyingParty is not null
            ? ErrorResponse(relyingParty, failure, received.RelayState)
            : SignInStart.Refuse(failure);
    }

    /// <summary>A refusal answered at the (registered) ACS with a signed SAML error Response; logged once, here.</summary>
    private SignInStep ErrorResponse(RelyingPartyTrust relyingParty, AuthnRequestFailure failure, string? relayState)
    {
        logger.SamlErrorResponse(relyingParty.EntityId, failure.SecondLevelStatusCode!, failure.ToString());
        metrics.SamlErrorResponse(relyingParty.EntityId, failure.SecondLevelStatusCode!);
        var response = responseFactory.CreateError(
            failure.AssertionConsumerServiceUrl!, failure.InResponseTo, failure.StatusCode!, failure.SecondLevelStatusCode!, failure.Detail, timeProvider.GetUtcNow());
        return SignInStep.PostForm(responseIssuer.CreateForm(response, signResponse: true, relayState), relyingParty.Theme);
    }

    private static AuthnRequestTrust ToTrust(RelyingPartyTrust relyingParty) => new()
    {
        EntityId = relyingParty.EntityId,
        RequestSigningCertificate = relyingParty.RequestSigningCertificate,
        RequireSignedRequests = relyingParty.RequireSignedRequests,
        AssertionConsumerServiceUrls = relyingParty.AssertionConsumerServiceUrls,
        NameIdFormat = relyingParty.NameIdFormat,
    };
}
