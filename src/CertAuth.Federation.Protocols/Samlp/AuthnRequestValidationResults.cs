using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Validation;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>The binding a SAML request arrived on.</summary>
public enum SamlRequestBinding
{
    /// <summary>HTTP-Redirect (SAML Bindings §3.4): signature over the query string.</summary>
    Redirect = 1,

    /// <summary>HTTP-POST (SAML Bindings §3.5): signature enveloped in the XML.</summary>
    Post = 2,
}

/// <summary>
/// A SAML request after phase one (<see cref="AuthnRequestValidator.ReadRedirect"/> / <see cref="AuthnRequestValidator.ReadPost"/>):
/// decoded within bounds, parsed safely, its claimed Issuer read. Nothing in it is trusted yet. The root may be any
/// SAML request (AuthnRequest, LogoutRequest): the caller dispatches on <see cref="RootName"/>.
/// </summary>
public sealed record ReceivedSamlRequest
{
    /// <summary>The parsed message.</summary>
    public required XmlDocument Document { get; init; }

    /// <summary>The claimed Issuer (not verified).</summary>
    public required string Issuer { get; init; }

    /// <summary>RelayState (bounded), if sent.</summary>
    public string? RelayState { get; init; }

    /// <summary>The binding it arrived on.</summary>
    public required SamlRequestBinding Binding { get; init; }

    /// <summary>For <see cref="SamlRequestBinding.Redirect"/>: the raw query string (the signed octets are taken from it).</summary>
    public string? RawQueryString { get; init; }

    /// <summary>For <see cref="SamlRequestBinding.Redirect"/>: whether a Signature parameter is present.</summary>
    public bool HasQuerySignature { get; init; }

    /// <summary>The root element's local name (<c>AuthnRequest</c>, <c>LogoutRequest</c>, ...).</summary>
    public string RootName => Document.DocumentElement?.LocalName ?? string.Empty;
}

/// <summary>What phase two needs to know about the relying-party trust the Issuer named.</summary>
public sealed record AuthnRequestTrust
{
    /// <summary>The trust's entity id.</summary>
    public required string EntityId { get; init; }

    /// <summary>The key the trust signs its requests with, if registered.</summary>
    public X509Certificate2? RequestSigningCertificate { get; init; }

    /// <summary>Whether an unsigned request is refused.</summary>
    public bool RequireSignedRequests { get; init; }

    /// <summary>The registered ACS URLs (exact match); the first is the default.</summary>
    public required IReadOnlyList<string> AssertionConsumerServiceUrls { get; init; }

    /// <summary>The NameID format issued when the request does not ask for one.</summary>
    public required string NameIdFormat { get; init; }
}

/// <summary>The server-side settings phase two checks against.</summary>
public sealed record AuthnRequestValidationParameters
{
    /// <summary>This endpoint's URL: a Destination must equal it (ordinal).</summary>
    public required string ExpectedDestination { get; init; }

    /// <summary>The current time.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Allowed clock difference with the requester.</summary>
    public required TimeSpan ClockSkew { get; init; }

    /// <summary>Oldest IssueInstant accepted (the sign-in context lifetime).</summary>
    public required TimeSpan MaxAge { get; init; }

    /// <summary>Whether SHA-1 signatures are accepted.</summary>
    public bool AllowSha1 { get; init; }

    /// <summary>Where accepted request IDs are remembered (per issuer) until they leave the IssueInstant window; null: no replay check.</summary>
    public IAssertionReplayCache? ReplayCache { get; init; }
}

/// <summary>An AuthnRequest that passed every check of <see cref="AuthnRequestValidator"/> against its trust.</summary>
public sealed record ValidatedAuthnRequest
{
    /// <summary>The request as read.</summary>
    public required AuthnRequest Request { get; init; }

    /// <summary>The trust's entity id (the verified Issuer).</summary>
    public required string Issuer { get; init; }

    /// <summary>The ACS URL the answer goes to: the requested one when registered, else the trust's default.</summary>
    public required string AssertionConsumerServiceUrl { get; init; }

    /// <summary>The NameID format to issue (the requested one, or the trust's).</summary>
    public required string NameIdFormat { get; init; }

    /// <summary>RelayState to return unchanged.</summary>
    public string? RelayState { get; init; }

    /// <summary>The signing certificate that verified the request; null when the request was accepted unsigned.</summary>
    public X509Certificate2? VerifiedBy { get; init; }
}

/// <summary>
/// Why a SAML request was refused. When <see cref="AssertionConsumerServiceUrl"/> is set, the ACS was already checked
/// against the trust and the refusal is answered there with a SAML error Response (<see cref="StatusCode"/>,
/// <see cref="SecondLevelStatusCode"/>, <see cref="InResponseTo"/>); otherwise the browser gets an error page.
/// </summary>
public sealed record AuthnRequestFailure
{
    /// <summary>The typed reason.</summary>
    public required AuthnRequestFailureReason Reason { get; init; }

    /// <summary>The precise decoding/XML/signature cause, when the refusal came from one.</summary>
    public SamlFailureReason? SamlReason { get; init; }

    /// <summary>A short, log-safe explanation (never the message XML).</summary>
    public required string Detail { get; init; }

    /// <summary>The trust's entity id when a trust was found (used for theming only).</summary>
    public string? RelyingParty { get; init; }

    /// <summary>The checked ACS to send a SAML error Response to; null for a page.</summary>
    public string? AssertionConsumerServiceUrl { get; init; }

    /// <summary>The request ID the error Response answers.</summary>
    public string? InResponseTo { get; init; }

    /// <summary>Top-level SAML status of the error Response.</summary>
    public string? StatusCode { get; init; }

    /// <summary>Second-level SAML status of the error Response.</summary>
    public string? SecondLevelStatusCode { get; init; }

    /// <summary>The reason and detail in one log-safe line, e.g. <c>InvalidSignature (WeakAlgorithm): ...</c>.</summary>
    public override string ToString() =>
        SamlReason is { } saml ? $"{Reason} ({saml}): {Detail}" : $"{Reason}: {Detail}";
}

/// <summary>The outcome of phase one: a received request, or a typed refusal.</summary>
public sealed record SamlRequestReadResult
{
    /// <summary>The decoded, parsed request; null when refused.</summary>
    public ReceivedSamlRequest? Message { get; init; }

    /// <summary>Why it was refused; null when read.</summary>
    public AuthnRequestFailure? Failure { get; init; }

    /// <summary>A read request.</summary>
    public static SamlRequestReadResult Read(ReceivedSamlRequest message) => new() { Message = message };

    /// <summary>A refusal.</summary>
    public static SamlRequestReadResult Refused(AuthnRequestFailure failure) => new() { Failure = failure };
}

/// <summary>The outcome of phase two: a validated request, or a typed refusal.</summary>
public sealed record AuthnRequestValidationResult
{
    /// <summary>The validated request; null when refused.</summary>
    public ValidatedAuthnRequest? Request { get; init; }

    /// <summary>Why it was refused; null when valid.</summary>
    public AuthnRequestFailure? Failure { get; init; }

    /// <summary>A valid result.</summary>
    public static AuthnRequestValidationResult Valid(ValidatedAuthnRequest request) => new() { Request = request };

    /// <summary>A refusal.</summary>
    public static AuthnRequestValidationResult Refused(AuthnRequestFailure failure) => new() { Failure = failure };
}
