namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// A certificate authority trusted for certificate sign-in; the shape of Azure AD's
/// CertificateAuthorityInformation (TrustedCAsForPasswordlessAuth).
/// </summary>
public sealed class TrustedAuthorityRecord
{
    /// <summary>Short stable id (first 16 hex digits of the certificate's SHA-256 thumbprint, see <see cref="IdFromThumbprint"/>).</summary>
    public required string Id { get; set; }

    /// <summary>The id rule shared by configuration seeding and the CLI: the first 16 hex digits, upper-case.</summary>
    public static string IdFromThumbprint(string sha256ThumbprintHex) => sha256ThumbprintHex[..16].ToUpperInvariant();

    /// <summary>0 = root authority, 1 = intermediate authority.</summary>
    public int AuthorityType { get; set; }

    /// <summary>The CA certificate, DER.</summary>
    public required byte[] Certificate { get; set; }

    /// <summary>SHA-256 thumbprint of <see cref="Certificate"/>, upper-case hex (unique).</summary>
    public required string Thumbprint { get; set; }

    public required string Subject { get; set; }

    public string? CrlDistributionPoint { get; set; }

    public string? DeltaCrlDistributionPoint { get; set; }

    public string? TrustedIssuer { get; set; }

    public string? TrustedIssuerSki { get; set; }

    /// <summary>How long past nextUpdate the last good CRL may still be used when no fresh one can be had; null = fail closed.</summary>
    public int? CrlGracePeriodSeconds { get; set; }

    public RecordSource Source { get; set; } = RecordSource.Administrator;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
