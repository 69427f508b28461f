namespace CertAuth.Federation.Storage.Entities;

/// <summary>What was last seen of a CA's CRLs; keeps CRL numbers from going backwards across restarts.</summary>
public sealed class CrlStateRecord
{
    /// <summary>The trusted authority id, plus ":delta" for its delta CRL.</summary>
    public required string Key { get; set; }

    /// <summary>Highest CRL number accepted so far, decimal.</summary>
    public string? LastCrlNumber { get; set; }

    public DateTimeOffset? ThisUpdate { get; set; }

    public DateTimeOffset? NextUpdate { get; set; }

    public int? Entries { get; set; }

    public DateTimeOffset? LastFetch { get; set; }

    public string? LastError { get; set; }
}
