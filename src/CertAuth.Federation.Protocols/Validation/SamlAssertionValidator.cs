using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertAuth.Federation.Protocols.Validation;

/// <summary>
/// Validates a bare, signed assertion presented as an OAuth grant (RFC 7522 §3, saml2-bearer):
/// trusted Issuer, the assertion's own signature with that issuer's keys only, a bearer confirmation whose Recipient
/// is the token endpoint (<see cref="SamlResponseValidationParameters.ExpectedRecipient"/>), time validity,
/// audience, replay. InResponseTo, AllowUnsolicited and RequireSignedAssertion do not apply (it must be signed).
/// </summary>
public sealed class SamlAssertionValidator
{
    private readonly SafeXmlLoader _loader;
    private readonly SignatureVerifier _verifier;
    private readonly AssertionReader _assertionReader;
    private readonly SamlIssuerReader _issuerReader = new();
    private readonly SamlMessageDecoder _decoder;
    private readonly ILogger _logger;

    /// <summary>Creates a validator with default bounds and components.</summary>
    public SamlAssertionValidator()
        : this(new SamlBindingOptions(), new SafeXmlLoader(), new SignatureVerifier(), new AssertionReader(), NullLogger<SamlAssertionValidator>.Instance)
    {
    }

    /// <summary>Creates a validator from its parts.</summary>
    public SamlAssertionValidator(
        SamlBindingOptions bindingOptions,
        SafeXmlLoader loader,
        SignatureVerifier verifier,
        AssertionReader assertionReader,
        ILogger<SamlAssertionValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(bindingOptions);
        _loader = loader ?? throw new ArgumentNullException(nameof(loader));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _assertionReader = assertionReader ?? throw new ArgumentNullException(nameof(assertionReader));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _decoder = new SamlMessageDecoder(bindingOptions);
    }

    /// <summary>
    /// Validates an assertion given as base64url (the RFC 7522 <c>assertion</c> parameter), base64 or XML text.
    /// </summary>
    public SamlResult<ValidatedAssertion> Validate(string base64UrlOrXml, SamlResponseValidationParameters p) =>
        SamlResult<ValidatedAssertion>.Of(() => ValidateOrThrow(base64UrlOrXml, p));

    private ValidatedAssertion ValidateOrThrow(string base64UrlOrXml, SamlResponseValidationParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string? claimedIssuer = null;
        try
        {
            var document = _loader.LoadOrThrow(_decoder.Decode(base64UrlOrXml, allowBase64Url: true));
            var root = document.DocumentElement!;
            root.ExpectName(SamlNamespaces.Assertion, "Assertion");
            claimedIssuer = _issuerReader.ReadIssuerOrThrow(document);

            // RFC 7522 §3 item 1 and 9: the issuer is a configured party and the assertion is signed by it.
            var issuer = p.TrustedIssuers.FirstOrDefault(t => string.Equals(t.EntityId, claimedIssuer, StringComparison.Ordinal))
                ?? throw new SamlValidationException(SamlFailureReason.UntrustedIssuer, "The issuer is not trusted.");
            var signature = _verifier.VerifyOrThrow(root, issuer.SigningCertificates, p.AllowSha1);
            SamlAssertionRules.RequireNoOtherAssertion(root, expected: 0);

            var assertion = _assertionReader.ReadOrThrow(root);
            var now = p.TimeProvider.GetUtcNow();
            SamlAssertionRules.RequireIssuer(assertion, issuer);
            SamlAssertionRules.RequireIssuedInPast(assertion.IssueInstant, now, p.ClockSkew);
            var bearerEnd = SamlAssertionRules.RequireBearerConfirmation(assertion, p, now, SamlAssertionRules.InResponseToMode.Ignore);
            SamlAssertionRules.RequireConditionsTimeValid(assertion.Conditions, now, p.ClockSkew);
            SamlAssertionRules.RequireAudience(assertion.Conditions, p.ExpectedAudience);
            var replayExpiresAt = SamlAssertionRules.RequireNotReplayed(assertion, bearerEnd, p);

            _logger.SamlAccepted("bearer assertion", assertion.Id, issuer.EntityId, assertion.Subject?.NameId?.Value, signature.SigningCertificate.Thumbprint);
            return new ValidatedAssertion
            {
                Assertion = assertion,
                Issuer = issuer,
                SigningCertificate = signature.SigningCertificate,
                AssertionSigned = true,
                ReplayExpiresAt = replayExpiresAt,
            };
        }
        catch (SamlValidationException ex)
        {
            _logger.SamlRejected("bearer assertion", ex.Reason, ex.Message, claimedIssuer);
            throw;
        }
    }
}
