using System.Xml;
using CertAuth.Federation.Protocols;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Receives SAML AuthnRequests (HTTP-Redirect and HTTP-POST) and IdP-initiated requests. Two-phase read: the Issuer is
/// read without trusting anything, the relying party is resolved, and only then is the request validated with that
/// party's key and endpoints. A valid request becomes a sealed <see cref="SignInContext"/> and a redirect to the
/// certificate listener.
/// </summary>
public sealed class SamlSignOnHandler(
    HttpRedirectBinding redirectBinding,
    HttpPostBinding postBinding,
    SafeXmlLoader xmlLoader,
    SamlIssuerReader issuerReader,
    AuthnRequestReader requestReader,
    SignatureVerifier signatureVerifier,
    IRelyingPartyResolver relyingParties,
    SignInContextProtector contextProtector,
    SamlResponseFactory responseFactory,
    SamlResponseIssuer responseIssuer,
    IOptions<FederationServerOptions> options,
    TimeProvider timeProvider,
    FederationMetrics metrics,
    ILogger<SamlSignOnHandler> logger)
{
    private static readonly HashSet<string> SupportedNameIdFormats = new(StringComparer.Ordinal)
    {
        NameIdFormats.Unspecified, NameIdFormats.EmailAddress, NameIdFormats.Persistent, NameIdFormats.Transient,
    };

    /// <summary>HTTP-Redirect binding (SAML Bindings §3.4): the raw query string exactly as received.</summary>
    public async Task<SignInStep> HandleRedirectAsync(string rawQueryString, CancellationToken cancellationToken)
    {
        RedirectBindingMessage message;
        XmlDocument document;
        try
        {
            message = redirectBinding.Decode(rawQueryString);
            document = xmlLoader.Load(message.Xml);
        }
        catch (SamlValidationException ex)
        {
            return Refuse(null, ex);
        }

        var (relyingParty, failure) = await ResolveAsync(document, cancellationToken);
        if (relyingParty is null)
        {
            return failure!;
        }

        try
        {
            if (message.HasSignature && CanVerify(relyingParty))
            {
                signatureVerifier.VerifyRedirectSignature(rawQueryString, TrustedKeys(relyingParty), options.Value.AllowSha1);
            }
            else if (relyingParty.RequireSignedRequests)
            {
                return Refuse(relyingParty.EntityId, new SamlValidationException(SamlFailureReason.MissingSignature, "The relying party must sign its requests."));
            }
        }
        catch (SamlValidationException ex)
        {
            return Refuse(relyingParty.EntityId, ex);
        }

        return Continue(relyingParty, document, message.RelayState);
    }

    /// <summary>HTTP-POST binding (SAML Bindings §3.5): a base64 form value, signature enveloped in the XML.</summary>
    public async Task<SignInStep> HandlePostAsync(string samlRequest, string? relayState, CancellationToken cancellationToken)
    {
        XmlDocument document;
        try
        {
            postBinding.CheckRelayState(relayState);
            document = xmlLoader.Load(postBinding.Decode(samlRequest));
        }
        catch (SamlValidationException ex)
        {
            return Refuse(null, ex);
        }

        var (relyingParty, failure) = await ResolveAsync(document, cancellationToken);
        if (relyingParty is null)
        {
            return failure!;
        }

        try
        {
            var root = document.DocumentElement!;
            if (signatureVerifier.HasSignature(root) && CanVerify(relyingParty))
            {
                signatureVerifier.Verify(root, TrustedKeys(relyingParty), options.Value.AllowSha1);
            }
            else if (relyingParty.RequireSignedRequests)
            {
                return Refuse(relyingParty.EntityId, new SamlValidationException(SamlFailureReason.MissingSignature, "The relying party must sign its requests."));
            }
        }
        catch (SamlValidationException ex)
        {
            return Refuse(relyingParty.EntityId, ex);
        }

        return Continue(relyingParty, document, relayState);
    }

    /// <summary>IdP-initiated sign-on: an unsolicited Response to the trust's default ACS.</summary>
    public async Task<SignInStep> HandleIdpInitiatedAsync(string? loginToRp, string? relayState, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(loginToRp))
        {
            return SignInStep.Fail(SignInErrorCode.RequestInvalid, "loginToRp is required.");
        }

        try
        {
            postBinding.CheckRelayState(relayState);
        }
        catch (SamlValidationException ex)
        {
            return Refuse(loginToRp, ex);
        }

        var relyingParty = await relyingParties.ResolveAsync(loginToRp, cancellationToken);
        var acs = relyingParty?.ResolveAssertionConsumerService(null);
        if (relyingParty is null || acs is null)
        {
            return SignInStep.Fail(SignInErrorCode.RelyingPartyUnknown, "No enabled relying party with that entity id.");
        }

        return RedirectToCertificateListener(new SignInContext
        {
            RelyingParty = relyingParty.EntityId,
            AssertionConsumerServiceUrl = acs,
            RelayState = relayState,
            NameIdFormat = relyingParty.NameIdFormat,
        });
    }

    private async Task<(RelyingPartyTrust? Trust, SignInStep? Failure)> ResolveAsync(XmlDocument document, CancellationToken cancellationToken)
    {
        string? issuer;
        try
        {
            // Phase one: who says they sent this? Nothing is trusted yet.
            issuer = issuerReader.ReadIssuer(document);
        }
        catch (SamlValidationException ex)
        {
            return (null, Refuse(null, ex));
        }

        if (string.IsNullOrEmpty(issuer))
        {
            return (null, SignInStep.Fail(SignInErrorCode.RequestInvalid, "The request has no Issuer."));
        }

        var trust = await relyingParties.ResolveAsync(issuer, cancellationToken);
        if (trust is null)
        {
            logger.SamlRequestRefused(issuer, "relying party unknown");
            return (null, SignInStep.Fail(SignInErrorCode.RelyingPartyUnknown, "No enabled relying party with that entity id."));
        }

        return (trust, null);
    }

    /// <summary>Phase two: the request is read and checked against the trust's settings.</summary>
    private SignInStep Continue(RelyingPartyTrust relyingParty, XmlDocument document, string? relayState)
    {
        AuthnRequest request;
        try
        {
            request = requestReader.Read(document);
        }
        catch (SamlValidationException ex)
        {
            return Refuse(relyingParty.EntityId, ex);
        }

        // ACS URL: exact match against the allow-list, before anything is sent anywhere (SAML Profiles §4.1.4.1).
        if (request.AssertionConsumerServiceIndex is not null && request.AssertionConsumerServiceUrl is null)
        {
            return SignInStep.Fail(new SignInError(SignInErrorCode.AssertionConsumerServiceNotAllowed, "AssertionConsumerServiceIndex is not supported; send the URL.") { RelyingParty = relyingParty.EntityId });
        }

        var acs = relyingParty.ResolveAssertionConsumerService(request.AssertionConsumerServiceUrl);
        if (acs is null)
        {
            logger.SamlRequestRefused(relyingParty.EntityId, "assertion consumer service URL not registered");
            return SignInStep.Fail(new SignInError(SignInErrorCode.AssertionConsumerServiceNotAllowed, "The requested AssertionConsumerServiceURL is not registered for this relying party.") { RelyingParty = relyingParty.EntityId });
        }

        // From here on the relying party gets a SAML error Response at its registered ACS.
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        if (request.Destination is not null && !string.Equals(request.Destination, settings.SingleSignOnUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            return ErrorResponse(relyingParty, acs, request, relayState, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied, "Destination does not name this endpoint.");
        }

        if (request.IssueInstant > now + settings.ClockSkew || request.IssueInstant < now - settings.SignInContextLifetime - settings.ClockSkew)
        {
            return ErrorResponse(relyingParty, acs, request, relayState, SamlStatusCodes.Requester, SamlStatusCodes.RequestDenied, "IssueInstant is outside the accepted window.");
        }

        if (request.ProtocolBinding is not null && request.ProtocolBinding != SamlBindingUris.HttpPost)
        {
            return ErrorResponse(relyingParty, acs, request, relayState, SamlStatusCodes.Requester, SamlStatusCodes.RequestUnsupported, "Only the HTTP-POST binding is supported for responses.");
        }

        if (request.IsPassive)
        {
            return ErrorResponse(relyingParty, acs, request, relayState, SamlStatusCodes.Responder, SamlStatusCodes.NoPassive, "Certificate sign-in cannot be passive.");
        }

        var nameIdFormat = relyingParty.NameIdFormat;
        if (request.NameIdPolicy?.Format is { } requested && requested != NameIdFormats.Unspecified)
        {
            if (!SupportedNameIdFormats.Contains(requested))
            {
                return ErrorResponse(relyingParty, acs, request, relayState, SamlStatusCodes.Requester, SamlStatusCodes.InvalidNameIdPolicy, "The requested NameID format is not supported.");
            }

            nameIdFormat = requested;
        }

        return RedirectToCertificateListener(new SignInContext
        {
            RelyingParty = relyingParty.EntityId,
            AssertionConsumerServiceUrl = acs,
            RequestId = request.Id,
            RelayState = relayState,
            NameIdFormat = nameIdFormat,
        });
    }

    private SignInStep RedirectToCertificateListener(SignInContext context)
    {
        var target = new Uri(options.Value.CertificateSignInUrl, "/adfs/ls/certauth");
        return SignInStep.Redirect(target.AbsoluteUri + "?context=" + Uri.EscapeDataString(contextProtector.Protect(context)));
    }

    private SignInStep ErrorResponse(RelyingPartyTrust relyingParty, string acs, AuthnRequest request, string? relayState, string status, string secondLevel, string message)
    {
        logger.SamlErrorResponse(relyingParty.EntityId, secondLevel, message);
        metrics.SamlErrorResponse(relyingParty.EntityId, secondLevel);
        var response = responseFactory.CreateError(acs, request.Id, status, secondLevel, message, timeProvider.GetUtcNow());
        return SignInStep.PostForm(responseIssuer.CreateForm(response, signResponse: true, relayState), relyingParty.Theme);
    }

    private SignInStep Refuse(string? issuer, SamlValidationException ex)
    {
        logger.SamlRequestRefused(issuer, ex.Reason.ToString());
        var code = ex.Reason switch
        {
            SamlFailureReason.MissingSignature or SamlFailureReason.InvalidSignature or SamlFailureReason.UntrustedKey
                or SamlFailureReason.SignatureReferenceInvalid or SamlFailureReason.WeakAlgorithm or SamlFailureReason.DisallowedTransform
                => SignInErrorCode.RequestSignatureInvalid,
            _ => SignInErrorCode.RequestInvalid,
        };
        // The page uses the relying party's theme when the request named a trusted one (branding only: nothing else
        // about the page depends on the unverified request).
        return SignInStep.Fail(new SignInError(code, $"{ex.Reason}: {ex.Message}") { RelyingParty = issuer });
    }

    /// <summary>
    /// A signature is checked when the trust names a request-signing key. Without one it cannot add trust, so a
    /// signed request is then treated as unsigned — and refused if the trust requires signed requests.
    /// </summary>
    private static bool CanVerify(RelyingPartyTrust relyingParty) =>
        relyingParty.RequestSigningCertificate is not null || relyingParty.RequireSignedRequests;

    private static System.Security.Cryptography.X509Certificates.X509Certificate2[] TrustedKeys(RelyingPartyTrust relyingParty) =>
        relyingParty.RequestSigningCertificate is { } certificate ? [certificate] : [];
}
