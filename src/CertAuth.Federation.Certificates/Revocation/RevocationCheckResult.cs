namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Outcome of <see cref="IRevocationChecker.CheckAsync"/>.</summary>
public sealed record RevocationCheckResult
{
    /// <summary>The status.</summary>
    public required RevocationStatus Status { get; init; }

    /// <summary>The revocation date on the CRL (Revoked only).</summary>
    public DateTimeOffset? RevocationDate { get; init; }

    /// <summary>
    /// thisUpdate of the CRL (base or delta) on which the serial appears — the "effective date" compared with a
    /// refresh token's authentication time (Revoked only).
    /// </summary>
    public DateTimeOffset? EffectiveDate { get; init; }

    /// <summary>Why the status is Unknown (or NotChecked).</summary>
    public CrlError? Failure { get; init; }

    /// <summary>True when a stale CRL was used within the CA's grace period.</summary>
    public bool UsedGracePeriod { get; init; }
}
