using System.Numerics;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>What <c>certauth ca crl-status</c> shows for a CA.</summary>
public sealed record CrlStatus
{
    /// <summary>The CA id.</summary>
    public required string AuthorityId { get; init; }

    /// <summary>thisUpdate of the cached base CRL.</summary>
    public DateTimeOffset? ThisUpdate { get; init; }

    /// <summary>nextUpdate of the cached base CRL.</summary>
    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>CRL Number of the cached base CRL.</summary>
    public BigInteger? CrlNumber { get; init; }

    /// <summary>Entries in the cached base CRL.</summary>
    public int Entries { get; init; }

    /// <summary>CRL Number of the cached delta CRL.</summary>
    public BigInteger? DeltaCrlNumber { get; init; }

    /// <summary>nextUpdate of the cached delta CRL.</summary>
    public DateTimeOffset? DeltaNextUpdate { get; init; }

    /// <summary>Entries in the cached delta CRL.</summary>
    public int DeltaEntries { get; init; }

    /// <summary>When a download was last attempted.</summary>
    public DateTimeOffset? LastFetch { get; init; }

    /// <summary>The last refresh problem, or null.</summary>
    public CrlError? LastError { get; init; }
}
