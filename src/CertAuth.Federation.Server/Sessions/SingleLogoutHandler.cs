using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Sessions;

/// <summary>
/// SAML 2.0 single logout at <c>/adfs/ls/</c> (SAML 2.0 Profiles §4.4, Bindings §3.4 HTTP-Redirect and §3.5 HTTP-POST),
/// the federation server as session authority. A relying party's <c>LogoutRequest</c> is checked (known SAML trust with a
/// SingleLogoutService, signature by the trust's registered key — Redirect: SigAlg/Signature over the exact query
/// octets; POST: enveloped, by exact reference; never SHA-1 — Destination, IssueInstant, NotOnOrAfter, replay), then
/// every OTHER party of the sign-in session (<see cref="FederationSessionCookie"/>) is logged out in turn, front-channel:
/// a signed LogoutRequest with its NameID and SessionIndex over its registered binding, its LogoutResponse back here. The
/// session cookie is cleared at once; the progress travels in <see cref="LogoutStateCookie"/>. Finally the initiator
/// gets a signed LogoutResponse (Success, or Success with PartialLogout when a party failed or did not answer) with
/// InResponseTo = its request ID and its RelayState. A party that does not answer does not block:
/// <c>/adfs/ls/logout/continue</c> moves on, counting it as failed. A WS-Federation sign-out runs the same chain.
/// </summary>
public sealed class SingleLogoutHandler(
    HttpRedirectBinding redirectBinding,
    HttpPostBinding postBinding,
    SafeXmlLoader xmlLoader,
    SamlIssuerReader issuerReader,
    LogoutMessageReader reader,
    LogoutMessageWriter writer,
    SignatureVerifier signatureVerifier,
    XmlSigner signer,
    SigningCredentials credentials,
    IRelyingPartyResolver relyingParties,
    SamlIdGenerator ids,
    FederationSessionCookie sessions,
    LogoutStateCookie states,
    IOptions<FederationServerOptions> options,
    TimeProvider timeProvider,
    ILogger<SingleLogoutHandler> logger,
    IRequestIdReplayStore requestIds)
{
    /// <summary>The path that continues a logout past a party that did not answer.</summary>
    public const string ContinuePath = "/adfs/ls/logout/continue";

    /// <summary>How long a LogoutRequest we send stays valid (its NotOnOrAfter).</summary>
    private static readonly TimeSpan SentRequestLifetime = TimeSpan.FromMinutes(5);

    // LogoutRequest IDs seen, until they could no longer pass the IssueInstant window: in the federation store, shared by
    // every node (docs/security.md, "Replay and themes across nodes"); an unreachable store answers 503 CAF1302.
    private readonly StoreRequestIdReplayCache _replay = new(requestIds, StoreRequestIdReplayCache.LogoutRequestScope);

    /// <summary>A relying party's LogoutRequest. <paramref name="rawQueryString"/> is the exact query (Redirect) or null (POST).</summary>
    public async Task<SignInStep> HandleRequestAsync(HttpContext http, XmlDocument document, string? rawQueryString, string? relayState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(document);
        if (!issuerReader.ReadIssuer(document).IsValid(out var issuer, out var issuerFailure))
        {
            return Refuse(null, SignInErrorCode.LogoutRequestInvalid, issuerFailure.Reason.ToString());
        }

        var trust = issuer is null ? null : await relyingParties.ResolveAsync(issuer, cancellationToken);
        if (trust is null || trust.IsWsFederation || trust.SingleLogoutServiceUrl is null)
        {
            return Refuse(issuer, SignInErrorCode.LogoutIssuerUnknown, issuer is null ? "no Issuer" : "no enabled SAML 2.0 trust with a SingleLogoutService");
        }

        // Always signed, by the trust's registered key; never SHA-1 (Federation:AllowSha1 is for legacy AuthnRequests only).
        if (trust.RequestSigningCertificate is not { } key)
        {
            return Refuse(issuer, SignInErrorCode.LogoutSignatureInvalid, "the trust has no request-signing certificate to verify the LogoutRequest");
        }

        if (VerifySignature(document, rawQueryString, key) is { } signatureFailure)
        {
            return Refuse(issuer, SignInErrorCode.LogoutSignatureInvalid, signatureFailure.Reason.ToString());
        }

        if (!reader.ReadRequest(document).IsValid(out var request, out var requestFailure))
        {
            return Refuse(issuer, SignInErrorCode.LogoutRequestInvalid, requestFailure.Reason.ToString());
        }

        if (postBinding.CheckRelayState(relayState) is { } relayStateFailure)
        {
            return Refuse(issuer, SignInErrorCode.LogoutRequestInvalid, relayStateFailure.Reason.ToString());
        }

        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        if (!string.Equals(request.Destination, settings.SingleSignOnUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            // Bindings §3.4.5.2 / §3.5.5.2: a signed message must name its Destination, and it must be us.
            return Refuse(issuer, SignInErrorCode.LogoutRequestInvalid, "Destination is missing or does not name this endpoint");
        }

        if (request.IssueInstant > now + settings.ClockSkew || request.IssueInstant < now - settings.SignInContextLifetime - settings.ClockSkew)
        {
            return Refuse(issuer, SignInErrorCode.LogoutRequestStale, "IssueInstant is outside the accepted window");
        }

        if (request.NotOnOrAfter is { } notOnOrAfter && now >= notOnOrAfter + settings.ClockSkew)
        {
            return Refuse(issuer, SignInErrorCode.LogoutRequestStale, "NotOnOrAfter has passed");
        }

        if (!_replay.TryAdd(trust.EntityId + "\n" + request.Id, request.IssueInstant + settings.SignInContextLifetime + (2 * settings.ClockSkew)))
        {
            return Refuse(issuer, SignInErrorCode.LogoutRequestStale, "the LogoutRequest ID was already used");
        }

        // The request must name this party's own session: its NameID (and SessionIndex, when given) as issued to it.
        var session = sessions.Read(http.Request);
        var own = session?.Parties.FirstOrDefault(p => string.Equals(p.EntityId, trust.EntityId, StringComparison.Ordinal));
        if (own is null || !string.Equals(own.NameId, request.NameId.Value, StringComparison.Ordinal)
            || (request.SessionIndexes.Count > 0 && own.SessionIndex is not null && !request.SessionIndexes.Contains(own.SessionIndex)))
        {
            logger.SingleLogoutNoSession(trust.EntityId);
            return Answer(trust, request.Id, relayState, SamlStatusCodes.Requester, SamlStatusCodes.UnknownPrincipal, "No sign-in session of this principal with this relying party.");
        }

        sessions.Clear(http.Response);
        logger.SingleLogoutStarted(trust.EntityId, session!.Parties.Count - 1);
        var state = new LogoutState
        {
            Id = ids.NewId(),
            InitiatorEntityId = trust.EntityId,
            InitiatorRequestId = request.Id,
            InitiatorRelayState = relayState,
            Pending = [.. session.Parties.Where(p => !ReferenceEquals(p, own))],
            ExpiresAt = states.NewExpiry(),
        };
        return await NextAsync(http, state, cancellationToken);
    }

    /// <summary>
    /// A WS-Federation sign-out (<c>wsignout1.0</c>): every party of the session is logged out, then the browser goes to
    /// <paramref name="reply"/> (already checked against the trust's endpoints) or the signed-out page.
    /// </summary>
    public async Task<SignInStep> StartSignOutAsync(HttpContext http, string? reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var session = sessions.Read(http.Request);
        sessions.Clear(http.Response);
        var state = new LogoutState { Id = ids.NewId(), Reply = reply, Pending = [.. session?.Parties ?? []], ExpiresAt = states.NewExpiry() };
        logger.SingleLogoutStarted(null, state.Pending.Count);
        return await NextAsync(http, state, cancellationToken);
    }

    /// <summary>A party's LogoutResponse to the LogoutRequest we sent it. <paramref name="rawQueryString"/> as for requests.</summary>
    public async Task<SignInStep> HandleResponseAsync(HttpContext http, XmlDocument document, string? rawQueryString, string? relayState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(document);
        var state = states.Read(http.Request);
        if (state is null || state.CurrentParty is null || !string.Equals(state.Id, relayState, StringComparison.Ordinal))
        {
            return Refuse(null, SignInErrorCode.LogoutRequestInvalid, "no logout in progress for this LogoutResponse (missing, expired or other RelayState)");
        }

        var succeeded = await CheckResponseAsync(state, document, rawQueryString, cancellationToken);
        var next = state with
        {
            CurrentParty = null,
            CurrentRequestId = null,
            Failed = succeeded ? state.Failed : [.. state.Failed, state.CurrentParty],
        };
        return await NextAsync(http, next, cancellationToken);
    }

    /// <summary><c>/adfs/ls/logout/continue</c>: the party being logged out did not answer; count it as failed and go on.</summary>
    public async Task<SignInStep> ContinueAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = states.Read(http.Request);
        if (state is null)
        {
            return Refuse(null, SignInErrorCode.LogoutRequestInvalid, "no logout in progress");
        }

        var next = state.CurrentParty is { } current
            ? state with { CurrentParty = null, CurrentRequestId = null, Failed = [.. state.Failed, current] }
            : state;
        return await NextAsync(http, next, cancellationToken);
    }

    private async Task<bool> CheckResponseAsync(LogoutState state, XmlDocument document, string? rawQueryString, CancellationToken cancellationToken)
    {
        if (!reader.ReadResponse(document).IsValid(out var response, out var responseFailure))
        {
            logger.SingleLogoutPartyFailed(state.CurrentParty!, responseFailure.Reason.ToString());
            return false;
        }

        var trust = await relyingParties.ResolveAsync(state.CurrentParty!, cancellationToken);
        if (trust is null || !string.Equals(response.Issuer, trust.EntityId, StringComparison.Ordinal)
            || !string.Equals(response.InResponseTo, state.CurrentRequestId, StringComparison.Ordinal))
        {
            logger.SingleLogoutPartyFailed(state.CurrentParty!, "issuer or InResponseTo does not match the LogoutRequest sent");
            return false;
        }

        // A party with a registered key must sign its answer; one without a key cannot prove it, and is taken at its word
        // only for its own status (its answer changes nothing but Success versus PartialLogout).
        if (trust.RequestSigningCertificate is { } key && VerifySignature(document, rawQueryString, key) is { } signatureFailure)
        {
            logger.SingleLogoutPartyFailed(state.CurrentParty!, signatureFailure.Reason.ToString());
            return false;
        }

        if (response.Status.StatusCode != SamlStatusCodes.Success)
        {
            logger.SingleLogoutPartyFailed(trust.EntityId, response.Status.StatusCode);
            return false;
        }

        return true;
    }

    /// <summary>
    /// The message's signature by <paramref name="key"/> only, never SHA-1: over the exact query octets (HTTP-Redirect,
    /// <paramref name="rawQueryString"/>) or enveloped on the root (HTTP-POST). Null when it verifies.
    /// </summary>
    private SamlFailure? VerifySignature(XmlDocument document, string? rawQueryString, X509Certificate2 key) =>
        (rawQueryString is not null
            ? signatureVerifier.VerifyRedirectSignature(rawQueryString, [key], allowSha1: false)
            : signatureVerifier.Verify(document.DocumentElement!, [key], allowSha1: false)).Refusal;

    /// <summary>Sends the next party its LogoutRequest, or finishes.</summary>
    private async Task<SignInStep> NextAsync(HttpContext http, LogoutState state, CancellationToken cancellationToken)
    {
        while (state.Pending.Count > 0)
        {
            var party = state.Pending[0];
            state = state with { Pending = state.Pending.Skip(1).ToList() };
            var trust = await relyingParties.ResolveAsync(party.EntityId, cancellationToken);
            if (trust is null)
            {
                state = state with { Failed = [.. state.Failed, party.EntityId] };
                continue;
            }

            if (trust.IsWsFederation || party.Protocol == RelyingPartyTrust.WsFederation)
            {
                // WS-Federation parties are cleaned up with wsignoutcleanup1.0 at their endpoint, on the signed-out page.
                if (trust.ResolveAssertionConsumerService(null) is { } endpoint)
                {
                    state = state with { WsFederationCleanup = [.. state.WsFederationCleanup, endpoint] };
                }

                continue;
            }

            if (trust.SingleLogoutServiceUrl is not { } slo)
            {
                // A SAML party without a SingleLogoutService cannot be told: the logout is partial.
                state = state with { Failed = [.. state.Failed, party.EntityId] };
                continue;
            }

            var now = timeProvider.GetUtcNow();
            var request = new LogoutRequest
            {
                Id = ids.NewId(),
                IssueInstant = now,
                Destination = slo,
                Issuer = options.Value.ResolvedEntityId,
                NotOnOrAfter = now + SentRequestLifetime,
                Reason = "urn:oasis:names:tc:SAML:2.0:logout:user",
                NameId = new NameId { Value = party.NameId, Format = party.NameIdFormat, NameQualifier = party.NameQualifier, SPNameQualifier = party.SpNameQualifier },
            };
            if (party.SessionIndex is { } index)
            {
                request.SessionIndexes.Add(index);
            }

            state = states.Write(http.Response, state with { CurrentParty = party.EntityId, CurrentRequestId = request.Id });
            logger.SingleLogoutRequestSent(party.EntityId);
            return Send(trust, "SAMLRequest", writer.Write(request), state.Id);
        }

        return Finish(http, state, await InitiatorAsync(state, cancellationToken));
    }

    private async Task<RelyingPartyTrust?> InitiatorAsync(LogoutState state, CancellationToken cancellationToken) =>
        state.InitiatorEntityId is { } initiator ? await relyingParties.ResolveAsync(initiator, cancellationToken) : null;

    private SignInStep Finish(HttpContext http, LogoutState state, RelyingPartyTrust? initiator)
    {
        states.Clear(http.Response);
        logger.SingleLogoutFinished(state.InitiatorEntityId, state.Failed.Count);
        var cleanup = state.WsFederationCleanup;
        if (state.InitiatorEntityId is null)
        {
            return SignInStep.SignedOut(cleanup, state.Reply);
        }

        if (initiator?.SingleLogoutServiceUrl is null)
        {
            return Refuse(state.InitiatorEntityId, SignInErrorCode.LogoutIssuerUnknown, "the initiating relying party no longer has a SingleLogoutService");
        }

        var partial = state.Failed.Count > 0;
        var step = Answer(initiator, state.InitiatorRequestId!, state.InitiatorRelayState, SamlStatusCodes.Success, partial ? SamlStatusCodes.PartialLogout : null, partial ? "Not every relying party confirmed the logout." : null);
        return cleanup.Count > 0 ? SignInStep.SignedOut(cleanup, null, step) : step;
    }

    /// <summary>A signed LogoutResponse to <paramref name="trust"/>'s SingleLogoutService over its binding.</summary>
    private SignInStep Answer(RelyingPartyTrust trust, string inResponseTo, string? relayState, string status, string? secondLevel, string? message)
    {
        var response = new LogoutResponse
        {
            Id = ids.NewId(),
            InResponseTo = inResponseTo,
            IssueInstant = timeProvider.GetUtcNow(),
            Destination = trust.SingleLogoutServiceUrl,
            Issuer = options.Value.ResolvedEntityId,
            Status = new SamlStatus { StatusCode = status, SecondLevelStatusCode = secondLevel, StatusMessage = message },
        };
        return Send(trust, "SAMLResponse", writer.Write(response), relayState);
    }

    /// <summary>
    /// A message to the trust's SingleLogoutService: HTTP-Redirect with the query-string signature (the XML unsigned,
    /// Bindings §3.4.4.1), or HTTP-POST with an enveloped signature in an auto-POST form.
    /// </summary>
    private SignInStep Send(RelyingPartyTrust trust, string parameter, XmlDocument message, string? relayState)
    {
        if (trust.SingleLogoutServiceBinding == SamlBindingUris.HttpPost)
        {
            signer.Sign(message.DocumentElement!, credentials.TokenSigning);
            var fields = new List<KeyValuePair<string, string>> { new(parameter, postBinding.Encode(message)) };
            if (!string.IsNullOrEmpty(relayState))
            {
                fields.Add(new("RelayState", relayState));
            }

            return SignInStep.PostForm(new AutoPostModel(trust.SingleLogoutServiceUrl!, fields), trust.Theme);
        }

        return SignInStep.Redirect(redirectBinding.BuildRedirectUrl(trust.SingleLogoutServiceUrl!, parameter, message, relayState, credentials.TokenSigning));
    }

    /// <summary>
    /// A SAML message received at <c>/adfs/ls/</c> over HTTP-Redirect, when it is single logout: a <c>SAMLRequest</c> whose
    /// root is <c>samlp:LogoutRequest</c> or any <c>SAMLResponse</c> (null: not logout, the sign-on path takes it; a
    /// <c>SAMLResponse</c> that cannot be read comes back with a null document).
    /// </summary>
    public LogoutMessage? PeekRedirect(string rawQueryString)
    {
        ArgumentNullException.ThrowIfNull(rawQueryString);
        if (redirectBinding.Decode(rawQueryString).IsValid(out var message, out _) && xmlLoader.Load(message.Xml).IsValid(out var document, out _))
        {
            return Classify(message.ParameterName, document, message.RelayState);
        }

        return rawQueryString.Contains("SAMLResponse=", StringComparison.Ordinal) ? new LogoutMessage(null, null, true) : null;
    }

    /// <summary>As <see cref="PeekRedirect"/>, for an HTTP-POST form value.</summary>
    public LogoutMessage? PeekPost(string parameterName, string value, string? relayState)
    {
        ArgumentNullException.ThrowIfNull(value);
        return postBinding.Decode(value).Then(xmlLoader.Load).IsValid(out var document, out _)
            ? Classify(parameterName, document, relayState)
            : parameterName == "SAMLResponse" ? new LogoutMessage(null, null, true) : null;
    }

    private static LogoutMessage? Classify(string parameterName, XmlDocument document, string? relayState) =>
        parameterName == "SAMLResponse" ? new LogoutMessage(document, relayState, true)
        : LogoutMessageReader.IsLogoutRequest(document) ? new LogoutMessage(document, relayState, false)
        : null;

    private SignInStep Refuse(string? issuer, SignInErrorCode code, string detail)
    {
        logger.SingleLogoutRefused(issuer, code, detail);
        return SignInStep.Fail(new SignInError(code, detail) { RelyingParty = issuer });
    }
}

/// <summary>A single-logout message read at <c>/adfs/ls/</c>: the document (null when unreadable), its RelayState, request or response.</summary>
public sealed record LogoutMessage(XmlDocument? Document, string? RelayState, bool IsResponse);
