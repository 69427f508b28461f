using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Administration.Certificates;

/// <summary>
/// How adding or changing a trusted CA acts on a <see cref="CertificateAuthorityInspection"/>: the library's errors
/// refuse; administration is stricter on three points (a self-signed "intermediate", a key usage without keyCertSign,
/// and a SHA-1 signature when the role does not allow SHA-1 also refuse); the remaining warnings are returned.
/// </summary>
internal static class CaCertificatePolicy
{
    private static readonly HashSet<string> Sha1SignatureOids = new(StringComparer.Ordinal)
    {
        "1.2.840.113549.1.1.5", // sha1WithRSAEncryption
        "1.3.14.3.2.29",        // sha1WithRSASignature (OIW)
        "1.2.840.10045.4.1",    // ecdsa-with-SHA1
        "1.2.840.10040.4.3",    // dsa-with-sha1
    };

    public static IReadOnlyList<string> Enforce(CertificateAuthorityInspection inspection, bool allowSha1)
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
            throw new AdminRefusal(CodeOf(refusal.Code), $"'{subject}': {text}");
        }

        // RFC 5280 §4.2.1.3: when keyUsage is present, a CA certificate must assert keyCertSign.
        var keyUsage = inspection.Certificate?.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new AdminRefusal(AdminCodes.NotACertificateAuthority, $"'{subject}': not a CA certificate: its key usage lacks keyCertSign.");
        }

        if (!allowSha1 && inspection.Certificate?.SignatureAlgorithm.Value is { } oid && Sha1SignatureOids.Contains(oid))
        {
            throw new AdminRefusal(AdminCodes.Sha1Signature, $"'{subject}': signed with SHA-1, which this role does not accept (AllowSha1 is off).");
        }

        return [.. inspection.Warnings.Select(w => $"'{subject}': {w.Message}")];
    }

    /// <summary>The admin code for an inspection error.</summary>
    public static string CodeOf(CertificateAuthorityIssueCode code) => code switch
    {
        CertificateAuthorityIssueCode.Unreadable => AdminCodes.CertificateUnreadable,
        CertificateAuthorityIssueCode.NotACertificateAuthority => AdminCodes.NotACertificateAuthority,
        CertificateAuthorityIssueCode.RootNotSelfSigned or CertificateAuthorityIssueCode.SelfSignatureInvalid => AdminCodes.RootNotSelfSigned,
        CertificateAuthorityIssueCode.IntermediateIsSelfSigned => AdminCodes.IntermediateSelfSigned,
        CertificateAuthorityIssueCode.Expired => AdminCodes.CertificateExpired,
        CertificateAuthorityIssueCode.TrustedIssuerMismatch => AdminCodes.TrustedIssuerMismatch,
        _ => AdminCodes.NotACertificateAuthority,
    };
}
