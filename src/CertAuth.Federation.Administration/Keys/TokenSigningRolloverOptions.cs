namespace CertAuth.Federation.Administration.Keys;

/// <summary>
/// Token-signing certificate rollover of the federation server (<c>Federation:TokenSigning</c>, issue 13 item 2), as AD FS
/// does it. Off by default: <c>Federation:SigningCertificate</c> is then the only token-signing key, as before.
/// </summary>
public sealed class TokenSigningRolloverOptions
{
    public const string SectionName = "Federation:TokenSigning";

    /// <summary>
    /// Sign with the certificates kept in the federation store (<c>fs_token_signing_certificates</c>) instead of the
    /// configured file; the first node to start imports the file as the first primary. Implied by <see cref="AutoCertificateRollover"/>.
    /// </summary>
    public bool StoredCertificates { get; set; }

    /// <summary>Generate a secondary before the primary expires and promote it on schedule (AD FS <c>AutoCertificateRollover</c>).</summary>
    public bool AutoCertificateRollover { get; set; }

    /// <summary>How long before the primary expires a secondary is generated (AD FS default 20 days).</summary>
    public TimeSpan CertificateGenerationThreshold { get; set; } = TimeSpan.FromDays(20);

    /// <summary>How long after its generation a secondary becomes primary (AD FS default 5 days); also the <c>rollover</c> command's default.</summary>
    public TimeSpan CertificatePromotionThreshold { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long a superseded primary stays published in metadata (so relying parties that refresh slowly still verify what it signed).</summary>
    public TimeSpan RetiredKeepPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Validity of a generated certificate (AD FS: one year).</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Subject of a generated certificate.</summary>
    public string CertificateSubject { get; set; } = "CN=CertAuth Token Signing";

    /// <summary>How often a node re-reads the stored certificates (and checks whether a secondary is due). Default 1 minute.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether the nodes sign with the stored certificates.</summary>
    public bool UsesStore => StoredCertificates || AutoCertificateRollover;
}
