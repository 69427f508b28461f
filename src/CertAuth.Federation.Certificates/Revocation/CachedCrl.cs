namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// A snapshot of what the cache holds for one CA: the last authentic base CRL and delta CRL (either may be stale;
/// <see cref="RevocationChecker"/> decides usability) and the last refresh problem.
/// </summary>
/// <param name="Base">The last accepted base CRL.</param>
/// <param name="Delta">The last accepted delta CRL.</param>
/// <param name="LastError">The problem of the last refresh (the base CRL's, else the delta CRL's), or null.</param>
/// <param name="LastFetch">When a download was last attempted.</param>
public sealed record CachedCrl(RevocationList? Base, RevocationList? Delta, CrlError? LastError, DateTimeOffset? LastFetch)
{
    /// <summary>Nothing cached yet.</summary>
    public static CachedCrl Empty { get; } = new(null, null, null, null);

    /// <summary>
    /// The problem of the last delta CRL download (or of fitting the delta to the base), or null. Reported by
    /// <see cref="RevocationChecker"/> when a CA with a delta CRL URL has no usable delta (a delta is never skipped).
    /// </summary>
    public CrlError? DeltaError { get; init; }
}
