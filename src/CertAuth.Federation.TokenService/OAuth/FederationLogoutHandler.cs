using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.Saml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// The token service as a SAML 2.0 session participant (Profiles §4.4): a <c>samlp:LogoutRequest</c> from a federation
/// server at <c>/oauth2/logout/callback</c> (the SingleLogoutService that <see cref="LocalFederationTrustLink"/>
/// registers), when the logout began at another relying party or at the federation server.
/// <list type="number">
/// <item>Read: HTTP-Redirect (<c>SAMLRequest</c>, optional <c>RelayState</c>, <c>SigAlg</c>, <c>Signature</c>) or
/// HTTP-POST (the form value); the root must be a LogoutRequest.</item>
/// <item>Authenticate: the Issuer names an enabled federation trust, and the message is signed by one of that trust's
/// signing certificates — Redirect: the query-string signature over the exact octets received; POST: one enveloped
/// signature on the root by exact reference to its unique ID; never SHA-1.</item>
/// <item>Check: <c>Destination</c> (when present) is this endpoint, <c>IssueInstant</c> within
/// <c>TokenService:PendingRequestLifetime</c> and the clock skew, <c>NotOnOrAfter</c> not passed, and the request ID
/// never seen before — recorded in the store-backed replay table (<see cref="DatabaseAssertionReplayCache"/>, key
/// <see cref="ReplayKeyPrefix"/> + a hash of issuer and ID), so a replay is refused on every node.</item>
/// <item>Effect: every refresh-token family from that trust whose assertion had this NameID (and, when the request names
/// any, one of its SessionIndex values) is revoked in the store; this browser's token-service cookies are cleared; one
/// log line (event 3110) without tokens, and an audit entry.</item>
/// <item>Answer: a LogoutResponse over HTTP-Redirect to the trust's <c>SingleSignOnUrl</c> (the federation server serves
/// SAML single logout at its sign-on endpoint, as for the LogoutRequests we send), <c>InResponseTo</c> = the request ID,
/// <c>RelayState</c> echoed, the query signed (RSA-SHA256) with the request-signing key the federation server has
/// registered for us.</item>
/// </list>
/// A request that is not readable or not authenticated gets a themed 400 page with its code and no answer (nothing
/// proves who asked, so nothing signed goes back). An authenticated request that is refused (Destination, time,
/// replay) is answered (Core §3.7.3.2: the responder returns a LogoutResponse) with <c>Requester</c> /
/// <c>RequestDenied</c> and the code in <c>StatusMessage</c>, and changes nothing: the federation server then counts
/// this party as not logged out (<c>PartialLogout</c>) instead of stalling. A request that matches no family is
/// answered <c>Success</c>: the principal has no session here.
/// </summary>
internal sealed class FederationLogoutHandler(
    FederationTrustResolver trusts,
    Domain.IRefreshTokenRepository refreshTokens,
    IAssertionReplayCache replayCache,
    IAuditLog audit,
    HttpRedirectBinding redirectBinding,
    HttpPostBinding postBinding,
    SafeXmlLoader xmlLoader,
    SignatureVerifier signatureVerifier,
    SamlIdGenerator ids,
    TokenServiceKeys serviceKeys,
    IOptions<TokenServiceOptions> options,
    TimeProvider clock,
    ILogger<FederationLogoutHandler> logger)
{
    /// <summary>The key namespace of LogoutRequest IDs in the replay table (a colon never occurs in an xs:ID, so no assertion ID collides).</summary>
    public const string ReplayKeyPrefix = "slo-request:";

    /// <summary>The audit action written for an accepted LogoutRequest.</summary>
    public const string AuditAction = "token.federation-logout";

    private static readonly LogoutMessageReader Reader = new();
    private static readonly LogoutMessageWriter Writer = new();
    private static readonly SamlIssuerReader IssuerReader = new();

    /// <summary>A LogoutRequest over HTTP-Redirect: <paramref name="rawQuery"/> exactly as received, without '?'.</summary>
    public Task<EndSessionOutcome> HandleRedirectAsync(string rawQuery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        return HandleAsync(rawQuery, posted: null, postedRelayState: null, cancellationToken);
    }

    /// <summary>A LogoutRequest over HTTP-POST: the <c>SAMLRequest</c> form value and the <c>RelayState</c>, if any.</summary>
    public Task<EndSessionOutcome> HandlePostAsync(string samlRequest, string? relayState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samlRequest);
        return HandleAsync(rawQuery: null, samlRequest, relayState, cancellationToken);
    }

    /// <summary>The replay-table key of a LogoutRequest: the prefix and the SHA-256 of issuer and ID (bounded, whatever the ID's length).</summary>
    public static string ReplayKey(string issuer, string requestId) =>
        ReplayKeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + requestId)));

    private async Task<EndSessionOutcome> HandleAsync(string? rawQuery, string? posted, string? postedRelayState, CancellationToken cancellationToken)
    {
        // 1. Read. Nothing here is trusted yet.
        SamlResult<(XmlDocument Document, string? RelayState)> read;
        if (rawQuery is not null)
        {
            read = redirectBinding.Decode(rawQuery).Then(message => message.ParameterName != "SAMLRequest"
                ? SamlResult<(XmlDocument, string?)>.Refused(SamlFailureReason.UnexpectedElement, "Expected a SAMLRequest.")
                : xmlLoader.Load(message.Xml).Then(loaded => SamlResult<(XmlDocument, string?)>.Accepted((loaded, message.RelayState))));
        }
        else
        {
            read = postBinding.CheckRelayState(postedRelayState) is { } relayStateFailure
                ? SamlResult<(XmlDocument, string?)>.Refused(relayStateFailure)
                : postBinding.Decode(posted!).Then(xmlLoader.Load).Then(loaded => SamlResult<(XmlDocument, string?)>.Accepted((loaded, postedRelayState)));
        }

        read = read.Then(received => LogoutMessageReader.IsLogoutRequest(received.Document)
            ? SamlResult<(XmlDocument, string?)>.Accepted(received)
            : SamlResult<(XmlDocument, string?)>.Refused(SamlFailureReason.UnexpectedElement, "The SAMLRequest is not a LogoutRequest."));
        if (!read.IsValid(out var received, out var readFailure))
        {
            return Refuse(readFailure.Reason, null, readFailure.Message);
        }

        var (document, relayState) = received;

        // 2. Authenticate: a known trust's signature, never SHA-1.
        if (!IssuerReader.ReadIssuer(document).IsValid(out var issuer, out var issuerFailure))
        {
            return Refuse(issuerFailure.Reason, null, issuerFailure.Message);
        }

        var trust = issuer is { Length: > 0 and <= 1024 } ? await trusts.FindAsync(issuer, cancellationToken) : null;
        if (trust is null)
        {
            return Refuse(SamlFailureReason.UntrustedIssuer, issuer is null ? null : Printable(issuer), "The Issuer is no enabled federation trust.");
        }

        var certificates = trust.SigningCertificates.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c))).ToList();
        var verified = rawQuery is not null
            ? signatureVerifier.VerifyRedirectSignature(rawQuery, certificates, allowSha1: false)
            : signatureVerifier.Verify(document.DocumentElement!, certificates, allowSha1: false);
        if (!verified.Then(_ => Reader.ReadRequest(document)).IsValid(out var request, out var requestFailure))
        {
            return Refuse(requestFailure.Reason, trust.EntityId, requestFailure.Message);
        }

        // 3. Authenticated from here: a refusal is answered (Requester/RequestDenied), and changes nothing.
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var refusal = Check(request, trust, settings, now);
        if (refusal is { } reason)
        {
            var error = new TokenError(TokenErrorCatalog.ForSaml(reason.Reason), reason.Detail);
            logger.FederationLogoutRefused(error.DisplayCode, error.Code, reason.Reason, trust.EntityId, "Requester/RequestDenied", CorrelationId, reason.Detail);
            return new EndSessionOutcome
            {
                RedirectUrl = Answer(trust, request.Id, relayState, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied, error.Description),
            };
        }

        // 4. The effect: the sign-ins of this principal from this federation server end on every node.
        var (families, count) = await refreshTokens.RevokeFederationSessionAsync(
            trust.EntityId, request.NameId.Value, [.. request.SessionIndexes], "federation logout (SAML LogoutRequest from " + Truncate(trust.EntityId, 180) + ")", now, cancellationToken);
        logger.FederationLogoutAccepted(request.Id.Length > 128 ? request.Id[..128] : request.Id, trust.EntityId, families.Count, count, string.Join(",", families));
        await audit.WriteAsync("federation:" + Truncate(trust.EntityId, 200), AuditAction, "refresh-families:" + families.Count,
            $"request={Truncate(request.Id, 128)}; sessionIndexes={request.SessionIndexes.Count}; tokens={count}; families={Truncate(string.Join(",", families), 600)}", cancellationToken);

        // 5. The answer.
        return new EndSessionOutcome
        {
            RedirectUrl = Answer(trust, request.Id, relayState, SamlStatusCodes.Success, null, null),
            ClearCookies = true,
        };
    }

    /// <summary>Destination, time window, replay (in that order; the ID is recorded only for a request that passed the rest).</summary>
    private (SamlFailureReason Reason, string Detail)? Check(LogoutRequest request, Domain.FederationTrust trust, TokenServiceOptions settings, DateTimeOffset now)
    {
        if (request.Destination is not null && !string.Equals(request.Destination, settings.ResolvedLogoutCallbackUrl, StringComparison.Ordinal))
        {
            return (SamlFailureReason.WrongDestination, "The LogoutRequest's Destination is not this endpoint.");
        }

        if (request.IssueInstant > now + settings.ClockSkew)
        {
            return (SamlFailureReason.NotYetValid, "The LogoutRequest's IssueInstant is in the future.");
        }

        if (request.IssueInstant < now - settings.PendingRequestLifetime - settings.ClockSkew)
        {
            return (SamlFailureReason.Expired, "The LogoutRequest's IssueInstant is too old.");
        }

        if (request.NotOnOrAfter is { } notOnOrAfter && now >= notOnOrAfter + settings.ClockSkew)
        {
            return (SamlFailureReason.Expired, "The LogoutRequest's NotOnOrAfter has passed.");
        }

        // Kept until the request could no longer pass the IssueInstant check anyway.
        if (!replayCache.TryAdd(ReplayKey(trust.EntityId, request.Id), request.IssueInstant + settings.PendingRequestLifetime + (2 * settings.ClockSkew)))
        {
            return (SamlFailureReason.Replay, "The LogoutRequest ID was already used.");
        }

        return null;
    }

    /// <summary>A LogoutResponse to the trust over HTTP-Redirect, the query signed with our request-signing key.</summary>
    private string Answer(Domain.FederationTrust trust, string inResponseTo, string? relayState, string status, string? secondLevel, string? message)
    {
        var response = new LogoutResponse
        {
            Id = ids.NewId(),
            InResponseTo = inResponseTo,
            IssueInstant = clock.GetUtcNow(),
            Destination = trust.SingleSignOnUrl,
            Issuer = options.Value.ResolvedEntityId,
            Status = new SamlStatus { StatusCode = status, SecondLevelStatusCode = secondLevel, StatusMessage = message },
        };
        return redirectBinding.BuildRedirectUrl(trust.SingleSignOnUrl, "SAMLResponse", Writer.Write(response), relayState, serviceKeys.RequestSigning);
    }

    /// <summary>A request that is not readable or not authenticated: a themed 400 page with the code, no answer, nothing changed.</summary>
    private EndSessionOutcome Refuse(SamlFailureReason reason, string? issuer, string detail)
    {
        var error = new TokenError(TokenErrorCatalog.ForSaml(reason), $"The LogoutRequest was refused ({reason}).");
        logger.FederationLogoutRefused(error.DisplayCode, error.Code, reason, issuer, "not answered", CorrelationId, detail);
        return new EndSessionOutcome { Page = error };
    }

    private static string CorrelationId => System.Diagnostics.Activity.Current?.TraceId.ToString() ?? string.Empty;

    private static string Truncate(string value, int length) => value.Length > length ? value[..length] : value;

    /// <summary>An untrusted value for the log: at most 256 characters, control characters replaced (no forged log lines).</summary>
    private static string Printable(string value) =>
        string.Create(Math.Min(value.Length, 256), value, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
}
