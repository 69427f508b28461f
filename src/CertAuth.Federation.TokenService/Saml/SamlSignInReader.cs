using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>Reads the sign-in facts from a validated assertion: UPN (attribute, else a UPN-shaped NameID), immutable id, certificate claims.</summary>
internal static class SamlSignInReader
{
    public static SamlSignIn Read(ValidatedAssertion validated, DateTimeOffset fallbackAuthTime)
    {
        var assertion = validated.Assertion;
        var upn = Single(assertion, SignInClaimTypes.Upn)
                  ?? (assertion.Subject?.NameId?.Value is { } nameId && nameId.Contains('@', StringComparison.Ordinal) ? nameId : null);
        if (string.IsNullOrWhiteSpace(upn) || upn.Length > 256)
        {
            throw TokenServiceException.Of(TokenErrorCode.SamlNoUser, "The assertion names no user principal name.");
        }

        var serial = Single(assertion, SignInClaimTypes.SerialNumber);
        var issuer = Single(assertion, SignInClaimTypes.Issuer);
        return new SamlSignIn
        {
            Upn = upn.Trim().ToLowerInvariant(),
            ImmutableId = Single(assertion, SignInClaimTypes.ImmutableId),
            DisplayName = Single(assertion, SignInClaimTypes.Name),
            Email = Single(assertion, SignInClaimTypes.Email),
            AuthTime = assertion.AuthnStatements.Count > 0 ? assertion.AuthnStatements.Min(s => s.AuthnInstant) : fallbackAuthTime,
            FederationIssuer = validated.Issuer.EntityId,
            CertificateSerialNumber = NormalizeSerial(serial),
            CertificateIssuer = string.IsNullOrWhiteSpace(issuer) ? null : issuer.Trim(),
        };
    }

    /// <summary>Upper-case hex, separators (spaces, colons) removed; null when it is not hex.</summary>
    internal static string? NormalizeSerial(string? serial)
    {
        if (string.IsNullOrWhiteSpace(serial))
        {
            return null;
        }

        var hex = new string(serial.Where(c => c is not (' ' or ':' or '-')).ToArray()).ToUpperInvariant();
        return hex.Length is > 0 and <= 128 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }

    private static string? Single(Assertion assertion, string type) =>
        assertion.AttributeStatement?.Attributes.FirstOrDefault(a => a.Name == type)?.Values.FirstOrDefault();
}
