using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Saml11;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertAuth.Federation.Protocols.WsFederation;

/// <summary>
/// Validates a posted <c>wresult</c> (WS-Federation 1.2 §13.2.3) with the rigour of the SAML 2.0 response validator, in
/// a fixed order: size; safe parse (no DTD, depth bound); one <c>t:RequestSecurityTokenResponse</c> root; exactly one
/// <c>t:RequestedSecurityToken</c> holding exactly one SAML 1.1 or SAML 2.0 assertion; trusted issuer; the assertion's
/// own signature by exact reference (<c>AssertionID</c> or <c>ID</c>) with that issuer's configured keys only; no other
/// assertion anywhere in the document; the assertion read from the verified element; issued in the past; bearer
/// confirmation (SAML 2.0: Recipient = our endpoint; SAML 1.1: the bearer method); NotBefore/NotOnOrAfter with skew;
/// audience = our realm (and <c>wsp:AppliesTo</c>, when present); an authentication statement; replay.
/// </summary>
public sealed class WsFederationResultValidator
{
    private readonly SamlBindingOptions _bindingOptions;
    private readonly SafeXmlLoader _loader;
    private readonly SignatureVerifier _verifier;
    private readonly AssertionReader _saml2Reader;
    private readonly Saml11AssertionReader _saml11Reader = new();
    private readonly ILogger _logger;

    /// <summary>Creates a validator with default bounds and components.</summary>
    public WsFederationResultValidator()
        : this(new SamlBindingOptions(), new SafeXmlLoader(), new SignatureVerifier(), new AssertionReader(), NullLogger<WsFederationResultValidator>.Instance)
    {
    }

    /// <summary>Creates a validator from its parts.</summary>
    public WsFederationResultValidator(
        SamlBindingOptions bindingOptions,
        SafeXmlLoader loader,
        SignatureVerifier verifier,
        AssertionReader assertionReader,
        ILogger<WsFederationResultValidator> logger)
    {
        _bindingOptions = bindingOptions ?? throw new ArgumentNullException(nameof(bindingOptions));
        _loader = loader ?? throw new ArgumentNullException(nameof(loader));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _saml2Reader = assertionReader ?? throw new ArgumentNullException(nameof(assertionReader));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Validates the <c>wresult</c> XML text. <see cref="SamlResponseValidationParameters.ExpectedAudience"/> is our
    /// realm; <see cref="SamlResponseValidationParameters.ExpectedRecipient"/> our WS-Federation endpoint (the bearer
    /// Recipient of a SAML 2.0 assertion). InResponseTo does not apply (the passive profile has none: the caller binds
    /// the answer to its request through <c>wctx</c>). Returns the validated assertion or the typed failure with its reason.
    /// </summary>
    public SamlResult<ValidatedAssertion> Validate(string wresult, SamlResponseValidationParameters p) =>
        SamlResult<ValidatedAssertion>.Of(() => ValidateOrThrow(wresult, p));

    private ValidatedAssertion ValidateOrThrow(string wresult, SamlResponseValidationParameters p)
    {
        ArgumentNullException.ThrowIfNull(wresult);
        ArgumentNullException.ThrowIfNull(p);
        string? claimedIssuer = null;
        try
        {
            if (wresult.Length > _bindingOptions.MaxPostEncodedLength)
            {
                throw new SamlValidationException(SamlFailureReason.MessageTooLarge, "wresult exceeds the size limit.");
            }

            var document = _loader.LoadOrThrow(wresult);
            var root = document.DocumentElement!;
            root.ExpectName(WsFederationConstants.TrustNamespace, "RequestSecurityTokenResponse");
            var token = RequireSingleToken(root);
            var isSaml11 = token.NamespaceURI == Saml11Namespaces.Assertion;
            claimedIssuer = isSaml11
                ? token.GetAttribute("Issuer")
                : token.OptionalChild(SamlNamespaces.Assertion, "Issuer")?.FullText();

            var issuer = p.TrustedIssuers.FirstOrDefault(t => string.Equals(t.EntityId, claimedIssuer, StringComparison.Ordinal))
                ?? throw new SamlValidationException(SamlFailureReason.UntrustedIssuer, "The issuer is not trusted.");
            if (!_verifier.HasSignature(token))
            {
                throw new SamlValidationException(SamlFailureReason.MissingSignature, "The assertion is not signed.");
            }

            var signature = _verifier.VerifyOrThrow(token, issuer.SigningCertificates, p.AllowSha1, isSaml11 ? Saml11Namespaces.AssertionIdAttribute : "ID");

            // After the signature, so a wrapping attack keeps its own reason: no other assertion of either version anywhere.
            var count = root.GetElementsByTagName("Assertion", SamlNamespaces.Assertion).Count
                + root.GetElementsByTagName("EncryptedAssertion", SamlNamespaces.Assertion).Count
                + root.GetElementsByTagName("Assertion", Saml11Namespaces.Assertion).Count;
            if (count != 1)
            {
                throw new SamlValidationException(SamlFailureReason.MultipleAssertions, "The wresult carries an assertion besides the one that is verified.");
            }

            var assertion = isSaml11 ? _saml11Reader.ReadOrThrow(token) : _saml2Reader.ReadOrThrow(token);
            var now = p.TimeProvider.GetUtcNow();
            SamlAssertionRules.RequireIssuer(assertion, issuer);
            SamlAssertionRules.RequireIssuedInPast(assertion.IssueInstant, now, p.ClockSkew);
            var bearerEnd = isSaml11
                ? RequireSaml11Bearer(assertion)
                : SamlAssertionRules.RequireBearerConfirmation(assertion, p, now, SamlAssertionRules.InResponseToMode.Ignore);
            SamlAssertionRules.RequireConditionsTimeValid(assertion.Conditions, now, p.ClockSkew);
            SamlAssertionRules.RequireAudience(assertion.Conditions, p.ExpectedAudience);
            RequireAppliesTo(root, p.ExpectedAudience);
            SamlAssertionRules.RequireAuthnStatement(assertion);
            var replayExpiresAt = SamlAssertionRules.RequireNotReplayed(assertion, bearerEnd, p);

            _logger.SamlAccepted(isSaml11 ? "WS-Federation SAML 1.1 assertion" : "WS-Federation SAML 2.0 assertion", assertion.Id, issuer.EntityId, assertion.Subject?.NameId?.Value, signature.SigningCertificate.Thumbprint);
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
            _logger.SamlRejected("WS-Federation wresult", ex.Reason, ex.Message, claimedIssuer);
            throw;
        }
    }

    /// <summary>Exactly one <c>t:RequestedSecurityToken</c>, holding exactly one element: a SAML 1.1 or 2.0 assertion.</summary>
    private static XmlElement RequireSingleToken(XmlElement root)
    {
        var requested = root.ChildElements(WsFederationConstants.TrustNamespace, "RequestedSecurityToken").ToList();
        if (requested.Count > 1)
        {
            throw new SamlValidationException(SamlFailureReason.MultipleAssertions, "The wresult carries more than one RequestedSecurityToken.");
        }

        var tokens = requested.Count == 1 ? requested[0].ChildElements().ToList() : [];
        if (tokens.Count == 0)
        {
            throw new SamlValidationException(SamlFailureReason.NoAssertion, "The wresult carries no token.");
        }

        if (tokens.Count > 1)
        {
            throw new SamlValidationException(SamlFailureReason.MultipleAssertions, "The RequestedSecurityToken holds more than one token.");
        }

        var token = tokens[0];
        if (token.LocalName != "Assertion" || (token.NamespaceURI != Saml11Namespaces.Assertion && token.NamespaceURI != SamlNamespaces.Assertion))
        {
            throw new SamlValidationException(SamlFailureReason.UnexpectedElement, "The token is neither a SAML 1.1 nor a SAML 2.0 assertion.");
        }

        return token;
    }

    /// <summary>
    /// SAML 1.1 has no bearer NotOnOrAfter: the bearer method is required, and so is Conditions/@NotOnOrAfter, which
    /// then bounds both validity and how long the replay cache remembers the assertion.
    /// </summary>
    private static DateTimeOffset RequireSaml11Bearer(Assertion assertion)
    {
        if (assertion.Subject?.SubjectConfirmations.Any(c => c.Method == Saml11Namespaces.BearerConfirmation) != true)
        {
            throw new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The assertion has no bearer subject confirmation.");
        }

        return assertion.Conditions?.NotOnOrAfter
            ?? throw new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The assertion's Conditions have no NotOnOrAfter.");
    }

    /// <summary>WS-Trust: when the response names what it applies to, that must be our realm.</summary>
    private static void RequireAppliesTo(XmlElement root, string expectedAudience)
    {
        foreach (var appliesTo in root.ChildElements(WsFederationConstants.PolicyNamespace, "AppliesTo"))
        {
            var address = appliesTo.GetElementsByTagName("Address", WsFederationConstants.AddressingNamespace).OfType<XmlElement>().FirstOrDefault()?.FullText().Trim();
            if (!string.Equals(address, expectedAudience, StringComparison.Ordinal))
            {
                throw new SamlValidationException(SamlFailureReason.WrongAudience, "The response applies to another realm.");
            }
        }
    }
}
