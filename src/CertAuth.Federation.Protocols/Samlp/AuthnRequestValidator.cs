using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>
/// The request-side checks of SAML 2.0 SP-initiated sign-on (SAML Profiles §4.1.4.1), in two phases like
/// <see cref="WsFederation.WsFederationRequestValidator"/>. Phase one (<see cref="ReadRedirect"/>, <see cref="ReadPost"/>)
/// trusts nothing: size bounds, inflate bound, base64/UTF-8, safe XML (no DTD, bounded depth), RelayState bound, and
/// the claimed Issuer. Phase two (<see cref="Validate"/>) checks the request against the trust that Issuer named:
/// signature (required when the trust says so; enveloped by exact reference for HTTP-POST, over the raw query string
/// for HTTP-Redirect; only with the trust's registered key), the AuthnRequest schema, the ACS URL against the allow-list
/// (exact match), Destination, IssueInstant window, response binding, IsPassive, NameIDPolicy and replay of the request
/// ID. Each returns a result or a typed <see cref="AuthnRequestFailure"/>; nothing is thrown for bad input.
/// ForceAuthn needs no check: every sign-in is a fresh certificate step, so it is always honoured.
/// </summary>
public sealed class AuthnRequestValidator(
    HttpRedirectBinding redirectBinding,
    HttpPostBinding postBinding,
    SafeXmlLoader xmlLoader,
    SamlIssuerReader issuerReader,
    AuthnRequestReader requestReader,
    SignatureVerifier signatureVerifier)
{
    /// <summary>The NameID formats a request may ask for (besides unspecified, which means "the trust's").</summary>
    public static readonly IReadOnlySet<string> SupportedNameIdFormats = new HashSet<string>(StringComparer.Ordinal)
    {
        NameIdFormats.Unspecified, NameIdFormats.EmailAddress, NameIdFormats.Persistent, NameIdFormats.Transient,
    };

    /// <summary>Phase one, HTTP-Redirect binding: the raw query string exactly as received (still URL-encoded).</summary>
    public SamlRequestReadResult ReadRedirect(string rawQueryString)
    {
        ArgumentNullException.ThrowIfNull(rawQueryString);
        RedirectBindingMessage message;
        XmlDocument document;
        try
        {
            message = redirectBinding.DecodeOrThrow(rawQueryString);
            document = xmlLoader.LoadOrThrow(message.Xml);
        }
        catch (SamlValidationException ex)
        {
            return SamlRequestReadResult.Refused(Malformed(ex, null));
        }

        return ReadIssuer(document, issuer => new ReceivedSamlRequest
        {
            Document = document,
            Issuer = issuer,
            RelayState = message.RelayState,
            Binding = SamlRequestBinding.Redirect,
            RawQueryString = rawQueryString,
            HasQuerySignature = message.HasSignature,
        });
    }

    /// <summary>Phase one, HTTP-POST binding: the base64 <c>SAMLRequest</c> form value and the RelayState.</summary>
    public SamlRequestReadResult ReadPost(string samlRequest, string? relayState)
    {
        ArgumentNullException.ThrowIfNull(samlRequest);
        XmlDocument document;
        try
        {
            postBinding.CheckRelayStateOrThrow(relayState);
            document = xmlLoader.LoadOrThrow(postBinding.DecodeOrThrow(samlRequest));
        }
        catch (SamlValidationException ex)
        {
            return SamlRequestReadResult.Refused(Malformed(ex, null));
        }

        return ReadIssuer(document, issuer => new ReceivedSamlRequest
        {
            Document = document,
            Issuer = issuer,
            RelayState = relayState,
            Binding = SamlRequestBinding.Post,
        });
    }

    /// <summary>
    /// The RelayState bound alone, for IdP-initiated sign-on (which carries no request): null when acceptable.
    /// </summary>
    public AuthnRequestFailure? CheckRelayState(string? relayState)
    {
        try
        {
            postBinding.CheckRelayStateOrThrow(relayState);
            return null;
        }
        catch (SamlValidationException ex)
        {
            return Malformed(ex, null);
        }
    }

    /// <summary>
    /// Phase two: <paramref name="received"/> (an AuthnRequest) against the trust its Issuer named
    /// (<paramref name="trust"/>; null when none is enabled) and the server's settings. A request that passes is
    /// recorded in the replay cache, so the same ID from the same issuer is refused afterwards.
    /// </summary>
    public AuthnRequestValidationResult Validate(ReceivedSamlRequest received, AuthnRequestTrust? trust, AuthnRequestValidationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(parameters);
        if (trust is null)
        {
            return Refused(new AuthnRequestFailure { Reason = AuthnRequestFailureReason.UnknownIssuer, Detail = "No enabled relying party with that entity id." });
        }

        var entityId = trust.EntityId;
        X509Certificate2? verifiedBy = null;
        try
        {
            verifiedBy = VerifySignature(received, trust, parameters.AllowSha1);
        }
        catch (SamlValidationException ex)
        {
            return Refused(IsSignatureReason(ex.Reason)
                ? new AuthnRequestFailure { Reason = AuthnRequestFailureReason.InvalidSignature, SamlReason = ex.Reason, Detail = ex.Message, RelyingParty = entityId }
                : Malformed(ex, entityId));
        }

        if (verifiedBy is null && trust.RequireSignedRequests)
        {
            return Refused(new AuthnRequestFailure
            {
                Reason = AuthnRequestFailureReason.MissingSignature, SamlReason = SamlFailureReason.MissingSignature,
                Detail = "The relying party must sign its requests.", RelyingParty = entityId,
            });
        }

        AuthnRequest request;
        try
        {
            request = requestReader.ReadOrThrow(received.Document);
        }
        catch (SamlValidationException ex)
        {
            return Refused(Malformed(ex, entityId));
        }

        // ACS URL: exact match against the allow-list, before anything is sent anywhere (SAML Profiles §4.1.4.1).
        if (request.AssertionConsumerServiceIndex is not null && request.AssertionConsumerServiceUrl is null)
        {
            return Refused(new AuthnRequestFailure
            {
                Reason = AuthnRequestFailureReason.AssertionConsumerServiceIndexUnsupported,
                Detail = "AssertionConsumerServiceIndex is not supported; send the URL.", RelyingParty = entityId,
            });
        }

        var acs = request.AssertionConsumerServiceUrl is null
            ? trust.AssertionConsumerServiceUrls.FirstOrDefault()
            : trust.AssertionConsumerServiceUrls.FirstOrDefault(u => string.Equals(u, request.AssertionConsumerServiceUrl, StringComparison.Ordinal));
        if (acs is null)
        {
            return Refused(new AuthnRequestFailure
            {
                Reason = AuthnRequestFailureReason.AssertionConsumerServiceNotAllowed,
                Detail = "The requested AssertionConsumerServiceURL is not registered for this relying party.", RelyingParty = entityId,
            });
        }

        // From here on the relying party gets a SAML error Response at its registered ACS.
        var now = parameters.Now;
        if (request.Destination is not null && !string.Equals(request.Destination, parameters.ExpectedDestination, StringComparison.Ordinal))
        {
            return AtAcs(AuthnRequestFailureReason.WrongDestination, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied, "Destination does not name this endpoint.");
        }

        if (request.IssueInstant > now + parameters.ClockSkew || request.IssueInstant < now - parameters.MaxAge - parameters.ClockSkew)
        {
            return AtAcs(AuthnRequestFailureReason.IssueInstantOutOfRange, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied, "IssueInstant is outside the accepted window.");
        }

        if (request.ProtocolBinding is not null && request.ProtocolBinding != SamlBindingUris.HttpPost)
        {
            return AtAcs(AuthnRequestFailureReason.UnsupportedProtocolBinding, SamlStatusCodes.Requester, SamlStatusCodes.RequestUnsupported, "Only the HTTP-POST binding is supported for responses.");
        }

        if (request.IsPassive)
        {
            return AtAcs(AuthnRequestFailureReason.PassiveNotSupported, SamlStatusCodes.Responder, SamlStatusCodes.NoPassive, "Certificate sign-in cannot be passive.");
        }

        var nameIdFormat = trust.NameIdFormat;
        if (request.NameIdPolicy?.Format is { } requested && requested != NameIdFormats.Unspecified)
        {
            if (!SupportedNameIdFormats.Contains(requested))
            {
                return AtAcs(AuthnRequestFailureReason.NameIdPolicyUnsupported, SamlStatusCodes.Requester, SamlStatusCodes.InvalidNameIdPolicy, "The requested NameID format is not supported.");
            }

            nameIdFormat = requested;
        }

        // Replay: the same request ID from the same issuer is accepted once while its IssueInstant is still current.
        if (parameters.ReplayCache is { } replayCache
            && !replayCache.TryAdd(entityId + "\n" + request.Id, request.IssueInstant + parameters.MaxAge + (2 * parameters.ClockSkew)))
        {
            return Refused(new AuthnRequestFailure
            {
                Reason = AuthnRequestFailureReason.Replay, Detail = "A request with this ID was already accepted.", RelyingParty = entityId,
            });
        }

        return AuthnRequestValidationResult.Valid(new ValidatedAuthnRequest
        {
            Request = request,
            Issuer = entityId,
            AssertionConsumerServiceUrl = acs,
            NameIdFormat = nameIdFormat,
            RelayState = received.RelayState,
            VerifiedBy = verifiedBy,
        });

        AuthnRequestValidationResult AtAcs(AuthnRequestFailureReason reason, string status, string secondLevel, string detail) =>
            Refused(new AuthnRequestFailure
            {
                Reason = reason, Detail = detail, RelyingParty = entityId, AssertionConsumerServiceUrl = acs,
                InResponseTo = request.Id, StatusCode = status, SecondLevelStatusCode = secondLevel,
            });
    }

    /// <summary>
    /// A signature is checked when the trust names a request-signing key. Without one it cannot add trust, so a
    /// signed request is then treated as unsigned — and refused if the trust requires signed requests. Returns the
    /// certificate that verified it, or null when unsigned (or treated as unsigned). Throws on a bad signature.
    /// </summary>
    private X509Certificate2? VerifySignature(ReceivedSamlRequest received, AuthnRequestTrust trust, bool allowSha1)
    {
        var canVerify = trust.RequestSigningCertificate is not null || trust.RequireSignedRequests;
        X509Certificate2[] keys = trust.RequestSigningCertificate is { } certificate ? [certificate] : [];
        if (received.Binding == SamlRequestBinding.Redirect)
        {
            return received.HasQuerySignature && canVerify
                ? signatureVerifier.VerifyRedirectSignatureOrThrow(received.RawQueryString!, keys, allowSha1).SigningCertificate
                : null;
        }

        var root = received.Document.DocumentElement!;
        return signatureVerifier.HasSignature(root) && canVerify
            ? signatureVerifier.VerifyOrThrow(root, keys, allowSha1).SigningCertificate
            : null;
    }

    private SamlRequestReadResult ReadIssuer(XmlDocument document, Func<string, ReceivedSamlRequest> create)
    {
        string? issuer;
        try
        {
            // Who says they sent this? Nothing is trusted yet: the Issuer only chooses the trust to check against.
            issuer = issuerReader.ReadIssuerOrThrow(document);
        }
        catch (SamlValidationException ex)
        {
            return SamlRequestReadResult.Refused(Malformed(ex, null));
        }

        return string.IsNullOrEmpty(issuer)
            ? SamlRequestReadResult.Refused(new AuthnRequestFailure { Reason = AuthnRequestFailureReason.MissingIssuer, Detail = "The request has no Issuer." })
            : SamlRequestReadResult.Read(create(issuer));
    }

    private static AuthnRequestFailure Malformed(SamlValidationException ex, string? relyingParty) => new()
    {
        Reason = ex.Reason == SamlFailureReason.RelayStateTooLong ? AuthnRequestFailureReason.RelayStateTooLong : AuthnRequestFailureReason.MalformedMessage,
        SamlReason = ex.Reason,
        Detail = ex.Message,
        RelyingParty = relyingParty,
    };

    private static AuthnRequestValidationResult Refused(AuthnRequestFailure failure) => AuthnRequestValidationResult.Refused(failure);

    private static bool IsSignatureReason(SamlFailureReason reason) => reason is SamlFailureReason.MissingSignature
        or SamlFailureReason.InvalidSignature or SamlFailureReason.UntrustedKey or SamlFailureReason.SignatureReferenceInvalid
        or SamlFailureReason.WeakAlgorithm or SamlFailureReason.DisallowedTransform;
}
