using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// Cross-process "refresh this CA's CRL now" requests. The CLI calls <see cref="RequestAsync"/>; running services
/// poll <see cref="ListAsync"/> and force-refresh every CA whose <see cref="CrlRefreshRequestRecord.RequestedAt"/> moved.
/// </summary>
public interface ICrlRefreshRequestStore
{
    /// <summary>Records a refresh request for one trusted authority (upsert); returns the request time.</summary>
    Task<DateTimeOffset> RequestAsync(string authorityId, string? requestedBy = null, CancellationToken cancellationToken = default);

    /// <summary>Records a refresh request for every trusted authority; returns the request time.</summary>
    Task<DateTimeOffset> RequestAllAsync(string? requestedBy = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CrlRefreshRequestRecord>> ListAsync(CancellationToken cancellationToken = default);
}
