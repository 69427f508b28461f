using System.Numerics;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Persisted per-CA CRL bookkeeping (kept across restarts so an old CRL cannot be replayed).</summary>
public sealed record CrlState
{
    /// <summary>Highest base CRL Number accepted.</summary>
    public BigInteger? LastCrlNumber { get; init; }

    /// <summary>Highest delta CRL Number accepted.</summary>
    public BigInteger? LastDeltaCrlNumber { get; init; }

    /// <summary>thisUpdate of the current base CRL.</summary>
    public DateTimeOffset? ThisUpdate { get; init; }

    /// <summary>nextUpdate of the current base CRL.</summary>
    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>Entries on the current base CRL (shown by the CRL status views; issue 15).</summary>
    public int? Entries { get; init; }

    /// <summary>thisUpdate of the current delta CRL.</summary>
    public DateTimeOffset? DeltaThisUpdate { get; init; }

    /// <summary>nextUpdate of the current delta CRL.</summary>
    public DateTimeOffset? DeltaNextUpdate { get; init; }

    /// <summary>Entries on the current delta CRL.</summary>
    public int? DeltaEntries { get; init; }

    /// <summary>When a download was last attempted.</summary>
    public DateTimeOffset? LastFetch { get; init; }

    /// <summary>The last problem (null when the last refresh succeeded).</summary>
    public CrlError? LastError { get; init; }
}
