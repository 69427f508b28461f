namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// One of the federation server's token-signing certificates (issue 13 item 2, table <c>fs_token_signing_certificates</c>),
/// shared by every node of a farm, as AD FS keeps them in its configuration database. Its state is derived from the
/// set and the clock (<see cref="KeyMaterial.TokenSigningCertificateSet"/>): the <b>primary</b> is the one with the latest
/// <see cref="PromotesAt"/> not in the future; a <b>secondary</b> has no promotion time yet or one in the future (published in
/// metadata, not signing); a <b>retired</b> one was primary and has been superseded (still published until the keep period
/// after its successor's promotion has passed).
/// </summary>
public sealed class TokenSigningCertificateRecord
{
    /// <summary>The SHA-256 thumbprint of the certificate (upper-case hex): the key.</summary>
    public required string Thumbprint { get; set; }

    /// <summary>The certificate (DER).</summary>
    public required byte[] Certificate { get; set; }

    /// <summary>The PKCS#8 private key, protected by the role's data protection (purpose <see cref="KeyMaterial.TokenSigningCertificateMaterial.ProtectorPurpose"/>).</summary>
    public required string ProtectedPrivateKey { get; set; }

    public required string Subject { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who added it (<c>import</c>, <c>auto-rollover</c> or the admin's name).</summary>
    public string? CreatedBy { get; set; }

    /// <summary>When it becomes (or became) primary; null while it waits for a <c>promote</c>.</summary>
    public DateTimeOffset? PromotesAt { get; set; }

    /// <summary>
    /// The thumbprint of the primary it was made to succeed (unique: one successor per primary, so two nodes generating at
    /// the same moment cannot both add one); null for the first certificate.
    /// </summary>
    public string? Succeeds { get; set; }
}
