using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Revocation;

/// <summary>
/// DESIGN.md §4 at refresh-token redemption: the CA whose subject DN equals the token's certificate issuer must be
/// configured (else <see cref="TokenErrorCode.CertificateAuthorityNotConfigured"/>); its CRLs decide:
/// Revoked with an effective date (the CRL's thisUpdate) later than the sign-in → <see cref="TokenErrorCode.CertificateRevoked"/>;
/// revoked on a CRL effective at or before the sign-in → accepted (the federation server checked at sign-in);
/// Unknown → fail closed with the CRL problem's code (the checker applies the CA's grace period, if an admin set one);
/// NotChecked (the CA has no CRL URL: the admin's choice) → accepted.
/// </summary>
internal sealed class CertificateRevocationPolicy(ITrustedAuthoritySource authorities, IRevocationChecker checker)
{
    /// <summary>Returns null when the certificate still stands, or the rejection.</summary>
    public async Task<TokenError?> CheckAsync(string serialNumber, string issuerDn, DateTimeOffset authTime, CancellationToken cancellationToken)
    {
        var all = await authorities.GetAuthoritiesAsync(cancellationToken);
        var authority = all.FirstOrDefault(a => SameDistinguishedName(a.Certificate.SubjectName, issuerDn));
        if (authority is null)
        {
            return new TokenError(TokenErrorCode.CertificateAuthorityNotConfigured, "The certificate authority that issued the sign-in certificate is not configured.");
        }

        var result = await checker.CheckAsync(authority, serialNumber, cancellationToken);
        return result.Status switch
        {
            RevocationStatus.Revoked when result.EffectiveDate > authTime =>
                new TokenError(TokenErrorCode.CertificateRevoked, "The sign-in certificate has been revoked."),
            RevocationStatus.Unknown =>
                new TokenError(TokenErrorCatalog.ForCrl(result.Failure?.Code), $"The revocation status of the sign-in certificate is unknown ({result.Failure?.Code.ToString() ?? "no CRL"})."),
            _ => null,
        };
    }

    /// <summary>
    /// Compares a CA subject with the issuer DN string copied from the SAML claim (as <c>X509Certificate2.Issuer</c>
    /// formats it): ordinal on the .NET string form, then on the DER encoding of the parsed DN.
    /// </summary>
    internal static bool SameDistinguishedName(X500DistinguishedName subject, string issuerDn)
    {
        if (string.Equals(subject.Name, issuerDn, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            var parsed = new X500DistinguishedName(issuerDn);
            return string.Equals(parsed.Name, subject.Name, StringComparison.Ordinal)
                   || parsed.RawData.AsSpan().SequenceEqual(subject.RawData);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
