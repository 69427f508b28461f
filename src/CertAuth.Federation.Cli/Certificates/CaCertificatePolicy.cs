using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Cli.Certificates;

/// <summary>
/// How <c>ca add</c> and <c>ca set</c> act on a <see cref="CertificateAuthorityInspection"/>: the library's errors
/// refuse; the CLI is stricter on two points (a self-signed "intermediate" and a key usage without keyCertSign
/// also refuse); the remaining warnings are printed.
/// </summary>
internal static class CaCertificatePolicy
{
    public static IReadOnlyList<string> Enforce(CertificateAuthorityInspection inspection)
    {
        var subject = inspection.Subject ?? "the certificate";
        var refusal = inspection.Errors.FirstOrDefault()
            ?? inspection.Warnings.FirstOrDefault(w => w.Code == CertificateAuthorityIssueCode.IntermediateIsSelfSigned);
        if (refusal is not null)
        {
            var text = refusal.Code switch
            {
                CertificateAuthorityIssueCode.IntermediateIsSelfSigned => "it is self-signed; add it with --type root.",
                CertificateAuthorityIssueCode.RootNotSelfSigned => $"not self-signed: {refusal.Message}",
                CertificateAuthorityIssueCode.TrustedIssuerMismatch => $"issuer mismatch: {refusal.Message}",
                _ => refusal.Message,
            };
            throw new CliRefusedException($"'{subject}': {text}");
        }

        // RFC 5280 §4.2.1.3: when keyUsage is present, a CA certificate must assert keyCertSign.
        var keyUsage = inspection.Certificate?.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new CliRefusedException($"'{subject}': not a CA certificate: its key usage lacks keyCertSign.");
        }

        return [.. inspection.Warnings.Select(w => $"'{subject}': {w.Message}")];
    }
}
