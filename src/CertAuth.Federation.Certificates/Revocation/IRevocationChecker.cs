using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Checks a serial number against its issuing CA's CRLs (used at sign-in and at refresh-token redemption).</summary>
public interface IRevocationChecker
{
    /// <summary>Checks the end-entity certificate <paramref name="serialNumberHex"/> (as in <c>X509Certificate2.SerialNumber</c>) against the CA's CRLs.</summary>
    ValueTask<RevocationCheckResult> CheckAsync(TrustedCertificateAuthority issuingAuthority, string serialNumberHex, CancellationToken cancellationToken)
        => CheckAsync(issuingAuthority, serialNumberHex, CertificateKind.EndEntity, cancellationToken);

    /// <summary>Checks a certificate of <paramref name="kind"/> against the CA's CRLs (a CRL whose scope excludes that kind cannot say "good").</summary>
    ValueTask<RevocationCheckResult> CheckAsync(
        TrustedCertificateAuthority issuingAuthority, string serialNumberHex, CertificateKind kind, CancellationToken cancellationToken);
}
