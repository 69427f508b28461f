using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Cli.Certificates;

/// <summary>
/// The checks <c>ca add</c> makes before trusting a certificate authority. A failure refuses the add
/// (<see cref="CliRefusedException"/>); soft findings come back as warnings.
/// </summary>
internal static class CaCertificateChecks
{
    /// <summary>A CA that expires sooner than this is added with a warning.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public static IReadOnlyList<string> Check(X509Certificate2 certificate, CaKind kind, DateTimeOffset now)
    {
        var warnings = new List<string>();
        var subject = certificate.Subject;

        // RFC 5280 §4.2.1.9: only a certificate with basicConstraints cA=TRUE may issue certificates.
        var basicConstraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basicConstraints is not { CertificateAuthority: true })
        {
            throw new CliRefusedException($"'{subject}' is not a CA certificate (no basicConstraints extension with CA:true).");
        }

        // RFC 5280 §4.2.1.3: when keyUsage is present, a CA certificate must assert keyCertSign.
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new CliRefusedException($"'{subject}' is not a CA certificate (its key usage lacks keyCertSign).");
        }

        var selfIssued = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
        var selfSignature = selfIssued ? CertificateSignatureVerifier.Verify(certificate, certificate) : false;
        if (kind == CaKind.Root)
        {
            if (!selfIssued)
            {
                throw new CliRefusedException(
                    $"'{subject}' is not self-signed (issued by '{certificate.Issuer}'); add it with --type intermediate.");
            }

            if (selfSignature is null)
            {
                throw new CliRefusedException(
                    $"the self-signature of '{subject}' cannot be verified: unsupported signature algorithm {certificate.SignatureAlgorithm.FriendlyName ?? certificate.SignatureAlgorithm.Value}.");
            }

            if (selfSignature == false)
            {
                throw new CliRefusedException($"the self-signature of '{subject}' does not verify; the certificate is damaged or forged.");
            }
        }
        else if (selfIssued && selfSignature == true)
        {
            throw new CliRefusedException($"'{subject}' is self-signed; add it with --type root.");
        }

        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (notAfter <= now)
        {
            throw new CliRefusedException($"'{subject}' expired on {Format(notAfter)}.");
        }

        if (notBefore > now)
        {
            warnings.Add($"'{subject}' is not valid before {Format(notBefore)}.");
        }

        if (notAfter - now < ExpiryWarning)
        {
            warnings.Add($"'{subject}' expires on {Format(notAfter)}, in less than {ExpiryWarning.TotalDays} days.");
        }

        return warnings;
    }

    /// <summary>The certificate's own subject key identifier, upper-case hex, or null.</summary>
    public static string? SubjectKeyIdentifier(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifier?.ToUpperInvariant();

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
