using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertAuth.Federation.Protocols.Validation;

/// <summary>
/// Validates a Web Browser SSO Response (SAML Profiles §4.1.4) in a fixed order: size, safe parse, one Response
/// root, trusted Issuer, signature by exact reference with that issuer's keys only, the assertion read from the very
/// element that was verified, one assertion, Success, Destination, bearer confirmation, Conditions, audience, replay.
/// </summary>
public sealed class SamlResponseValidator
{
    private readonly SafeXmlLoader _loader;
    private readonly SignatureVerifier _verifier;
    private readonly SamlResponseReader _responseReader;
    private readonly AssertionReader _assertionReader;
    private readonly SamlIssuerReader _issuerReader;
    private readonly SamlMessageDecoder _decoder;
    private readonly ILogger _logger;

    /// <summary>Creates a validator with default bounds and components.</summary>
    public SamlResponseValidator()
        : this(new SamlBindingOptions(), new SafeXmlLoader(), new SignatureVerifier(), new AssertionReader(), NullLogger<SamlResponseValidator>.Instance)
    {
    }

    /// <summary>Creates a validator from its parts.</summary>
    public SamlResponseValidator(
        SamlBindingOptions bindingOptions,
        SafeXmlLoader loader,
        SignatureVerifier verifier,
        AssertionReader assertionReader,
        ILogger<SamlResponseValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(bindingOptions);
        _loader = loader ?? throw new ArgumentNullException(nameof(loader));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _assertionReader = assertionReader ?? throw new ArgumentNullException(nameof(assertionReader));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _responseReader = new SamlResponseReader(assertionReader);
        _issuerReader = new SamlIssuerReader();
        _decoder = new SamlMessageDecoder(bindingOptions);
    }

    /// <summary>
    /// Validates a response given as the base64 SAMLResponse form value or as XML text. Returns the validated
    /// assertion, or the typed failure with its reason (issue 12 item 7: no exception for bad input).
    /// </summary>
    public SamlResult<ValidatedAssertion> Validate(string base64OrXml, SamlResponseValidationParameters p) =>
        SamlResult<ValidatedAssertion>.Of(() => ValidateOrThrow(base64OrXml, p));

    private ValidatedAssertion ValidateOrThrow(string base64OrXml, SamlResponseValidationParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string? claimedIssuer = null;
        try
        {
            var document = _loader.LoadOrThrow(_decoder.Decode(base64OrXml, allowBase64Url: false));
            claimedIssuer = _issuerReader.ReadIssuerOrThrow(document);
            var result = Validate(document, p);
            _logger.SamlAccepted("Response", result.Assertion.Id, result.Issuer.EntityId, result.Assertion.Subject?.NameId?.Value, result.SigningCertificate.Thumbprint);
            return result;
        }
        catch (SamlValidationException ex)
        {
            _logger.SamlRejected("Response", ex.Reason, ex.Message, claimedIssuer);
            throw;
        }
    }

    private ValidatedAssertion Validate(XmlDocument document, SamlResponseValidationParameters p)
    {
        var root = document.DocumentElement!;
        root.ExpectName(SamlNamespaces.Protocol, "Response");
        var response = _responseReader.ReadOrThrow(root, includeAssertions: false);
        var assertionElement = RequireSingleAssertion(root, response.Status);
        var issuer = RequireTrustedIssuer(_issuerReader.ReadIssuerOrThrow(document), p);
        var (signature, assertionSigned) = VerifySignatures(root, assertionElement, issuer, p);

        // No other Assertion or EncryptedAssertion anywhere (Extensions, Status, Advice, ...): whatever a later reader
        // or a downstream consumer might pick up, only the verified one exists. Checked after the signatures so that
        // a wrapping attack keeps its own reason (SignatureReferenceInvalid, MissingSignature).
        SamlAssertionRules.RequireNoOtherAssertion(root, expected: 1);

        // The assertion is read from the element that was verified (or that the verified Response directly encloses).
        var assertion = _assertionReader.ReadOrThrow(assertionElement);
        var now = p.TimeProvider.GetUtcNow();
        SamlAssertionRules.RequireIssuer(assertion, issuer);
        RequireSameResponseIssuer(response, issuer);
        RequireSuccess(response.Status);
        SamlAssertionRules.RequireIssuedInPast(response.IssueInstant, now, p.ClockSkew);
        RequireDestination(response, _verifier.HasSignature(root), p);
        RequireResponseInResponseTo(response, p);
        SamlAssertionRules.RequireIssuedInPast(assertion.IssueInstant, now, p.ClockSkew);
        var bearerEnd = SamlAssertionRules.RequireBearerConfirmation(assertion, p, now, SamlAssertionRules.InResponseToMode.WebSso);
        SamlAssertionRules.RequireConditionsTimeValid(assertion.Conditions, now, p.ClockSkew);
        SamlAssertionRules.RequireAudience(assertion.Conditions, p.ExpectedAudience);
        SamlAssertionRules.RequireAuthnStatement(assertion);
        var replayExpiresAt = SamlAssertionRules.RequireNotReplayed(assertion, bearerEnd, p);

        return new ValidatedAssertion
        {
            Assertion = assertion,
            Response = response,
            Issuer = issuer,
            SigningCertificate = signature.SigningCertificate,
            AssertionSigned = assertionSigned,
            ReplayExpiresAt = replayExpiresAt,
        };
    }

    /// <summary>
    /// Profiles §4.1.4.2: exactly one assertion, a direct child of the Response (nested or wrapped copies are never
    /// read). Encrypted assertions are not supported. An error response without assertion reports its status.
    /// </summary>
    private static XmlElement RequireSingleAssertion(XmlElement root, SamlStatus status)
    {
        if (root.ChildElements(SamlNamespaces.Assertion, "EncryptedAssertion").Any())
        {
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "Encrypted assertions are not supported.");
        }

        var assertions = root.ChildElements(SamlNamespaces.Assertion, "Assertion").ToList();
        if (assertions.Count == 0)
        {
            RequireSuccess(status);
            throw new SamlValidationException(SamlFailureReason.NoAssertion, "The response carries no assertion.");
        }

        if (assertions.Count > 1)
        {
            throw new SamlValidationException(SamlFailureReason.MultipleAssertions, "The response carries more than one assertion.");
        }

        return assertions[0];
    }

    /// <summary>Core §3.2.2, §2.3.3: the (claimed) Issuer must be a configured party. Phase 1 of the two-phase read.</summary>
    private static TrustedIssuer RequireTrustedIssuer(string? claimedIssuer, SamlResponseValidationParameters p) =>
        p.TrustedIssuers.FirstOrDefault(t => string.Equals(t.EntityId, claimedIssuer, StringComparison.Ordinal))
        ?? throw new SamlValidationException(SamlFailureReason.UntrustedIssuer, "The issuer is not trusted.");

    /// <summary>
    /// Core §5.4, Profiles §4.1.4.2, §4.1.4.5: any signature present must verify with the issuer's keys; the
    /// assertion must be signed unless <see cref="SamlResponseValidationParameters.RequireSignedAssertion"/> is off
    /// and the enclosing Response is signed.
    /// </summary>
    private (SignatureVerificationResult Signature, bool AssertionSigned) VerifySignatures(
        XmlElement responseElement, XmlElement assertionElement, TrustedIssuer issuer, SamlResponseValidationParameters p)
    {
        var responseSigned = _verifier.HasSignature(responseElement);
        var assertionSigned = _verifier.HasSignature(assertionElement);
        if (!responseSigned && !assertionSigned)
        {
            throw new SamlValidationException(SamlFailureReason.MissingSignature, "Neither the response nor the assertion is signed.");
        }

        if (!assertionSigned && p.RequireSignedAssertion)
        {
            throw new SamlValidationException(SamlFailureReason.UnsignedAssertion, "The assertion is not signed.");
        }

        SignatureVerificationResult? result = null;
        if (responseSigned)
        {
            result = _verifier.VerifyOrThrow(responseElement, issuer.SigningCertificates, p.AllowSha1);
        }

        if (assertionSigned)
        {
            result = _verifier.VerifyOrThrow(assertionElement, issuer.SigningCertificates, p.AllowSha1);
        }

        return (result!, assertionSigned);
    }

    /// <summary>Core §3.2.2: when the Response names an Issuer, it must be the assertion's trusted issuer.</summary>
    private static void RequireSameResponseIssuer(SamlResponse response, TrustedIssuer issuer)
    {
        if (response.Issuer is not null && !string.Equals(response.Issuer, issuer.EntityId, StringComparison.Ordinal))
        {
            throw new SamlValidationException(SamlFailureReason.UntrustedIssuer, "The response and assertion issuers differ.");
        }
    }

    /// <summary>Core §3.2.2.2: only a top-level Success status carries a usable assertion.</summary>
    private static void RequireSuccess(SamlStatus status)
    {
        if (status.StatusCode != SamlStatusCodes.Success)
        {
            throw new SamlValidationException(SamlFailureReason.StatusNotSuccess, "The response status is not Success.")
            {
                StatusCode = status.StatusCode,
                SecondLevelStatusCode = status.SecondLevelStatusCode,
            };
        }
    }

    /// <summary>
    /// Core §3.2.2 and Bindings §3.5.5.2: a Destination, when present, must be our endpoint; a signed Response
    /// must carry one.
    /// </summary>
    private static void RequireDestination(SamlResponse response, bool responseSigned, SamlResponseValidationParameters p)
    {
        if (response.Destination is null ? responseSigned : !string.Equals(response.Destination, p.ExpectedRecipient, StringComparison.Ordinal))
        {
            throw new SamlValidationException(SamlFailureReason.WrongDestination, "The response's Destination is not this endpoint.");
        }
    }

    /// <summary>
    /// Core §3.2.2 and Profiles §4.1.4.3, §4.1.5: InResponseTo must name the request we sent; without a pending
    /// request, only an unsolicited response (no InResponseTo) is accepted, and only when allowed.
    /// </summary>
    private static void RequireResponseInResponseTo(SamlResponse response, SamlResponseValidationParameters p)
    {
        var ok = p.ExpectedInResponseTo is null
            ? response.InResponseTo is null && p.AllowUnsolicited
            : string.Equals(response.InResponseTo, p.ExpectedInResponseTo, StringComparison.Ordinal);
        if (!ok)
        {
            throw new SamlValidationException(SamlFailureReason.InResponseToMismatch, "The response does not answer the pending request.");
        }
    }
}
