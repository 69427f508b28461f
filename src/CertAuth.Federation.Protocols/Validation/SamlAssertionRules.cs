using System.Xml;
using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Validation;

/// <summary>
/// The assertion-level rules shared by the Web SSO response validator and the RFC 7522 bearer-assertion validator.
/// One method per rule, each named after the spec section it enforces. All of them throw on the first failure.
/// </summary>
internal sealed class SamlAssertionRules
{
    /// <summary>Whether and how bearer InResponseTo is checked.</summary>
    public enum InResponseToMode
    {
        /// <summary>Web SSO: must equal the expected request ID, or be absent when there is none (Profiles §4.1.4.3).</summary>
        WebSso,

        /// <summary>RFC 7522: there is no request; the attribute is ignored.</summary>
        Ignore,
    }

    /// <summary>
    /// Core §2.7.2, Profiles §4.1.4.2: a Web SSO assertion needs a subject and at least one AuthnStatement.
    /// </summary>
    public static void RequireAuthnStatement(Assertion assertion)
    {
        if (assertion.AuthnStatements.Count == 0)
        {
            throw new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The assertion has no AuthnStatement.");
        }
    }

    /// <summary>Core §2.3.3: the assertion's Issuer must be the trusted party whose key verified it.</summary>
    public static void RequireIssuer(Assertion assertion, TrustedIssuer issuer)
    {
        if (!string.Equals(assertion.Issuer, issuer.EntityId, StringComparison.Ordinal))
        {
            throw new SamlValidationException(SamlFailureReason.UntrustedIssuer, "The assertion's Issuer differs from the trusted issuer.");
        }
    }

    /// <summary>Core §2.3.3: IssueInstant must not lie in the future beyond the allowed skew.</summary>
    public static void RequireIssuedInPast(DateTimeOffset issueInstant, DateTimeOffset now, TimeSpan skew)
    {
        if (issueInstant > now + skew)
        {
            throw new SamlValidationException(SamlFailureReason.NotYetValid, "The message was issued in the future.");
        }
    }

    /// <summary>
    /// Profiles §4.1.4.2 (and RFC 7522 §3 items 2 and 4): at least one bearer SubjectConfirmation whose data has
    /// Recipient = our endpoint, a NotOnOrAfter not passed, no NotBefore in the future and (Web SSO) the right
    /// InResponseTo. Returns the accepted confirmation's NotOnOrAfter.
    /// </summary>
    public static DateTimeOffset RequireBearerConfirmation(
        Assertion assertion, SamlResponseValidationParameters p, DateTimeOffset now, InResponseToMode mode)
    {
        var bearers = assertion.Subject?.SubjectConfirmations
            .Where(c => c.Method == SubjectConfirmationMethods.Bearer)
            .ToList() ?? [];
        if (assertion.Subject is null || bearers.Count == 0)
        {
            throw new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The assertion has no bearer subject confirmation.");
        }

        SamlValidationException? first = null;
        foreach (var bearer in bearers)
        {
            var failure = CheckBearer(bearer.Data, p, now, mode);
            if (failure is null)
            {
                return bearer.Data!.NotOnOrAfter!.Value;
            }

            first ??= failure;
        }

        throw first!;
    }

    /// <summary>
    /// Core §2.5.1.2: NotBefore &lt;= now &lt; NotOnOrAfter, each widened by the clock skew.
    /// </summary>
    public static void RequireConditionsTimeValid(Conditions? conditions, DateTimeOffset now, TimeSpan skew)
    {
        if (conditions?.NotBefore is { } notBefore && notBefore > now + skew)
        {
            throw new SamlValidationException(SamlFailureReason.NotYetValid, "The assertion is not yet valid.");
        }

        if (conditions?.NotOnOrAfter is { } notOnOrAfter && now >= notOnOrAfter + skew)
        {
            throw new SamlValidationException(SamlFailureReason.Expired, "The assertion has expired.");
        }
    }

    /// <summary>
    /// Core §2.5.1.4, Profiles §4.1.4.2, RFC 7522 §3 item 3: an AudienceRestriction is required, and every one
    /// present must list our entity id.
    /// </summary>
    public static void RequireAudience(Conditions? conditions, string expectedAudience)
    {
        if (conditions is null || conditions.AudienceRestrictions.Count == 0)
        {
            throw new SamlValidationException(SamlFailureReason.WrongAudience, "The assertion has no AudienceRestriction.");
        }

        foreach (var restriction in conditions.AudienceRestrictions)
        {
            if (!restriction.Audiences.Contains(expectedAudience, StringComparer.Ordinal))
            {
                throw new SamlValidationException(SamlFailureReason.WrongAudience, "The assertion is not addressed to this audience.");
            }
        }
    }

    /// <summary>
    /// Profiles §4.1.4.5 (and RFC 7522 §3 item 7): a bearer assertion is accepted once; its ID is remembered until
    /// the latest instant anything in it could still be accepted.
    /// </summary>
    public static DateTimeOffset RequireNotReplayed(
        Assertion assertion, DateTimeOffset bearerNotOnOrAfter, SamlResponseValidationParameters p)
    {
        var expiresAt = bearerNotOnOrAfter;
        if (assertion.Conditions?.NotOnOrAfter is { } conditionsEnd && conditionsEnd > expiresAt)
        {
            expiresAt = conditionsEnd;
        }

        expiresAt += p.ClockSkew;
        if (!p.ReplayCache.TryAdd(assertion.Id, expiresAt))
        {
            throw new SamlValidationException(SamlFailureReason.Replay, "The assertion has been presented before.");
        }

        return expiresAt;
    }

    private static SamlValidationException? CheckBearer(
        SubjectConfirmationData? data, SamlResponseValidationParameters p, DateTimeOffset now, InResponseToMode mode)
    {
        if (data is null)
        {
            return new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The bearer confirmation has no data.");
        }

        if (!string.Equals(data.Recipient, p.ExpectedRecipient, StringComparison.Ordinal))
        {
            return new SamlValidationException(SamlFailureReason.WrongRecipient, "The bearer confirmation's Recipient is not this endpoint.");
        }

        if (data.NotOnOrAfter is not { } notOnOrAfter)
        {
            return new SamlValidationException(SamlFailureReason.MissingRequiredValue, "The bearer confirmation has no NotOnOrAfter.");
        }

        if (now >= notOnOrAfter + p.ClockSkew)
        {
            return new SamlValidationException(SamlFailureReason.Expired, "The bearer confirmation has expired.");
        }

        if (data.NotBefore is { } notBefore && notBefore > now + p.ClockSkew)
        {
            return new SamlValidationException(SamlFailureReason.NotYetValid, "The bearer confirmation is not yet valid.");
        }

        if (mode == InResponseToMode.WebSso && !string.Equals(data.InResponseTo, p.ExpectedInResponseTo, StringComparison.Ordinal))
        {
            return new SamlValidationException(SamlFailureReason.InResponseToMismatch, "The bearer confirmation answers another request.");
        }

        return null;
    }

    /// <summary>
    /// Refuses a document holding any <c>saml:Assertion</c> or <c>saml:EncryptedAssertion</c> below
    /// <paramref name="root"/> beyond the <paramref name="expected"/> one(s) the caller verifies and reads, wherever
    /// it sits (<c>samlp:Extensions</c>, <c>samlp:Status</c>, <c>saml:Advice</c>, inside the assertion itself).
    /// </summary>
    public static void RequireNoOtherAssertion(XmlElement root, int expected)
    {
        var count = root.GetElementsByTagName("Assertion", SamlNamespaces.Assertion).Count
            + root.GetElementsByTagName("EncryptedAssertion", SamlNamespaces.Assertion).Count;
        if (count != expected)
        {
            throw new SamlValidationException(
                SamlFailureReason.MultipleAssertions, "The message carries an assertion besides the one that is verified.");
        }
    }
}
