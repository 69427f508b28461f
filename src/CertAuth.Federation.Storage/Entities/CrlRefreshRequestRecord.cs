namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// "Fetch this CA's CRL now": written by <c>certauth ca crl-refresh</c> (or after <c>dev-certs revoke</c>); every
/// running service polls the table and force-refreshes its CRL cache when <see cref="RequestedAt"/> moves forward.
/// </summary>
public sealed class CrlRefreshRequestRecord
{
    /// <summary>The trusted authority id (as in <c>trusted_authorities</c>).</summary>
    public required string AuthorityId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public string? RequestedBy { get; set; }
}
