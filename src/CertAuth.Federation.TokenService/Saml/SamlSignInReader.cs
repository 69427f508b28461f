using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>
/// Reads the sign-in facts from a validated assertion: UPN (attribute, else a UPN-shaped NameID), subject, immutable
/// id, certificate claims. A sign-in whose certificate could not be checked again at refresh — no parsable
/// <c>serialnumber</c> (hex) or <c>issuer</c> (a distinguished name), or an unparsable authority key identifier — is
/// refused with <see cref="TokenErrorCode.CertificateClaimsMissing"/> (issue 11: never a refresh token that cannot be checked).
/// </summary>
internal static class SamlSignInReader
{
    /// <summary>Longest serial number claim read, separators included (a 20-octet serial is 40 hex digits; 128 leaves room).</summary>
    internal const int MaxSerialClaimLength = 256;

    /// <summary>Longest serial number kept, in hex digits (the refresh record's column).</summary>
    internal const int MaxSerialHexLength = 128;

    /// <summary>Longest issuer DN kept (the refresh record's column).</summary>
    internal const int MaxIssuerLength = 1024;

    public static SamlSignIn Read(ValidatedAssertion validated, DateTimeOffset fallbackAuthTime)
    {
        var assertion = validated.Assertion;
        var nameId = assertion.Subject?.NameId;
        var upn = Single(assertion, SignInClaimTypes.Upn)
                  ?? (nameId?.Value is { } value && value.Contains('@', StringComparison.Ordinal) ? value : null);
        if (string.IsNullOrWhiteSpace(upn) || upn.Length > 256)
        {
            throw TokenServiceException.Of(TokenErrorCode.SamlNoUser, "The assertion names no user principal name.");
        }

        upn = upn.Trim().ToLowerInvariant();
        var serial = NormalizeSerial(Single(assertion, SignInClaimTypes.SerialNumber));
        var issuer = NormalizeIssuer(Single(assertion, SignInClaimTypes.Issuer));
        if (serial is null || issuer is null)
        {
            throw TokenServiceException.Of(
                TokenErrorCode.CertificateClaimsMissing,
                "The assertion carries no parsable certificate serialnumber (hex) or issuer claim; its revocation could not be checked at refresh.");
        }

        var akiClaim = Single(assertion, SignInClaimTypes.AuthorityKeyIdentifier);
        var aki = NormalizeHex(akiClaim, MaxSerialHexLength);
        if (akiClaim is not null && aki is null)
        {
            throw TokenServiceException.Of(TokenErrorCode.CertificateClaimsMissing, "The assertion's authoritykeyidentifier claim is not hex.");
        }

        var immutableId = Single(assertion, SignInClaimTypes.ImmutableId);
        return new SamlSignIn
        {
            Upn = upn,
            Subject = SubjectOf(immutableId, nameId, upn),
            ImmutableId = immutableId,
            DisplayName = Single(assertion, SignInClaimTypes.Name),
            Email = Single(assertion, SignInClaimTypes.Email),
            NameId = nameId?.Value is { Length: > 0 and <= 1024 } ? nameId.Value : null,
            NameIdFormat = nameId?.Value is { Length: > 0 and <= 1024 } && nameId.Format is { Length: <= 256 } ? nameId.Format : null,
            SessionIndex = assertion.AuthnStatements.Select(s => s.SessionIndex).FirstOrDefault(s => s is { Length: > 0 and <= 256 }),
            AuthTime = assertion.AuthnStatements.Count > 0 ? assertion.AuthnStatements.Min(s => s.AuthnInstant) : fallbackAuthTime,
            FederationIssuer = validated.Issuer.EntityId,
            CertificateSerialNumber = serial,
            CertificateIssuer = issuer,
            CertificateAuthorityKeyId = aki,
        };
    }

    /// <summary>
    /// Upper-case hex without separators; null when it is not hex. Accepted: hex digits, optionally separated by
    /// spaces, colons or hyphens, at most <see cref="MaxSerialClaimLength"/> characters and
    /// <see cref="MaxSerialHexLength"/> digits. Anything else (decimal, base64, other characters) is not a serial.
    /// </summary>
    internal static string? NormalizeSerial(string? serial) => NormalizeHex(serial, MaxSerialHexLength);

    private static string? NormalizeHex(string? value, int maxDigits)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxSerialClaimLength)
        {
            return null;
        }

        var hex = new string(value.Trim().Where(c => c is not (' ' or ':' or '-')).ToArray()).ToUpperInvariant();
        return hex.Length > 0 && hex.Length <= maxDigits && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }

    /// <summary>The issuer DN, trimmed; null when empty, too long or not a distinguished name .NET can encode.</summary>
    internal static string? NormalizeIssuer(string? issuer)
    {
        if (string.IsNullOrWhiteSpace(issuer) || issuer.Length > MaxIssuerLength)
        {
            return null;
        }

        try
        {
            var name = new X500DistinguishedName(issuer.Trim());
            return name.RawData.Length > 2 ? issuer.Trim() : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>ImmutableID, else a NameID that is not transient, else the UPN.</summary>
    private static string SubjectOf(string? immutableId, NameId? nameId, string upn)
    {
        if (!string.IsNullOrWhiteSpace(immutableId) && immutableId.Length <= 256)
        {
            return "immutableid:" + immutableId.Trim();
        }

        if (nameId?.Value is { Length: > 0 and <= 200 } value && !string.Equals(nameId.Format, NameIdFormats.Transient, StringComparison.Ordinal))
        {
            return "nameid:" + value.Trim();
        }

        return "upn:" + upn;
    }

    private static string? Single(Assertion assertion, string type) =>
        assertion.AttributeStatement?.Attributes.FirstOrDefault(a => a.Name == type)?.Values.FirstOrDefault();
}
