namespace CertAuth.Federation.Certificates.Mapping;

/// <summary>Certificate-to-user mapping settings (configuration section suggestion: <c>Federation:CertificateMapping</c>).</summary>
public sealed class CertificateMappingOptions
{
    /// <summary>
    /// Sources tried in order; the first that yields a non-empty value wins. Default: SAN UPN, then SAN RFC822.
    /// Add <see cref="CertificateMappingSource.SubjectEmail"/> explicitly to use the subject's emailAddress.
    /// </summary>
    public IList<CertificateMappingSource> Order { get; set; } = [CertificateMappingSource.SanUpn, CertificateMappingSource.SanRfc822];
}
