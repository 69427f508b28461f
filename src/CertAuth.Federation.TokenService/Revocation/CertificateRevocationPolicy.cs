using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.Revocation;

/// <summary>The revocation policy's answer: the rejection (null: the certificate stands) and each chosen CA's CRL answer.</summary>
internal sealed record CertificateRevocationDecision(TokenError? Error, IReadOnlyList<(TrustedCertificateAuthority Authority, RevocationCheckResult Result)> Checks);

/// <summary>
/// docs/reference-facts.md at refresh-token redemption. The CA is chosen by the certificate's issuer DN <b>and</b> its Authority
/// Key Identifier (both kept with the refresh record since sign-in): CAs renewed under the same name (as AD CS does)
/// are told apart by their Subject Key Identifier. No CA with that subject and key → <see cref="TokenErrorCode.CertificateAuthorityNotConfigured"/>;
/// no AKI and several CAs of that subject → <see cref="TokenErrorCode.CertificateAuthorityAmbiguous"/> (never the first
/// one). The chosen CA's CRLs decide:
/// Revoked with an effective date (the CRL's thisUpdate) later than the sign-in → <see cref="TokenErrorCode.CertificateRevoked"/>;
/// revoked on a CRL effective at or before the sign-in → accepted (the federation server checked at sign-in);
/// Unknown → fail closed with the CRL problem's code (the checker applies the CA's grace period, if an admin set one);
/// NotChecked (the CA has no CRL URL: the admin's choice) → accepted.
/// </summary>
internal sealed class CertificateRevocationPolicy(ITrustedAuthoritySource authorities, IRevocationChecker checker)
{
    /// <summary>Returns null when the certificate still stands, or the rejection.</summary>
    public async Task<TokenError?> CheckAsync(string serialNumber, string issuerDn, string? authorityKeyId, DateTimeOffset authTime, CancellationToken cancellationToken)
        => (await DecideAsync(serialNumber, issuerDn, authorityKeyId, authTime, cancellationToken)).Error;

    /// <summary>As <see cref="CheckAsync"/>, with the CA(s) chosen and each one's CRL answer (for <c>token explain</c>).</summary>
    public async Task<CertificateRevocationDecision> DecideAsync(string serialNumber, string issuerDn, string? authorityKeyId, DateTimeOffset authTime, CancellationToken cancellationToken)
    {
        var all = await authorities.GetAuthoritiesAsync(cancellationToken);
        var named = all.Where(a => SameDistinguishedName(a.Certificate.SubjectName, issuerDn)).ToList();
        List<TrustedCertificateAuthority> chosen;
        if (authorityKeyId is not null)
        {
            chosen = named.Where(a => string.Equals(SubjectKeyIdentifier(a.Certificate), authorityKeyId, StringComparison.OrdinalIgnoreCase)).ToList();
        }
        else if (named.Count > 1)
        {
            return new CertificateRevocationDecision(new TokenError(
                TokenErrorCode.CertificateAuthorityAmbiguous,
                "Several configured certificate authorities have the sign-in certificate's issuer name, and the sign-in carries no authority key identifier."), []);
        }
        else
        {
            chosen = named;
        }

        if (chosen.Count == 0)
        {
            return new CertificateRevocationDecision(
                new TokenError(TokenErrorCode.CertificateAuthorityNotConfigured, "The certificate authority that issued the sign-in certificate is not configured."), []);
        }

        // Same name and same key (a CA certificate re-issued on its key): each must let the certificate stand.
        var checks = new List<(TrustedCertificateAuthority Authority, RevocationCheckResult Result)>();
        foreach (var authority in chosen)
        {
            var result = await checker.CheckAsync(authority, serialNumber, cancellationToken);
            checks.Add((authority, result));
            TokenError? rejection = result.Status switch
            {
                RevocationStatus.Revoked when result.EffectiveDate > authTime =>
                    new TokenError(TokenErrorCode.CertificateRevoked, "The sign-in certificate has been revoked."),
                RevocationStatus.Unknown =>
                    new TokenError(TokenErrorCatalog.ForCrl(result.Failure?.Code), $"The revocation status of the sign-in certificate is unknown ({result.Failure?.Code.ToString() ?? "no CRL"})."),
                _ => null,
            };
            if (rejection is not null)
            {
                return new CertificateRevocationDecision(rejection, checks);
            }
        }

        return new CertificateRevocationDecision(null, checks);
    }

    /// <summary>The CA's Subject Key Identifier (upper-case hex): the extension, else RFC 5280 §4.2.1.2 method 1 (SHA-1 of the public key).</summary>
    internal static string SubjectKeyIdentifier(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectKeyIdentifierExtension { SubjectKeyIdentifier: { } ski })
            {
                return ski.ToUpperInvariant();
            }
        }

        return new X509SubjectKeyIdentifierExtension(certificate.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false).SubjectKeyIdentifier!;
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
