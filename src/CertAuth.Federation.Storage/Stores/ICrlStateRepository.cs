using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Durable memory of the CRLs seen per authority (CRL numbers never go backwards, status for admins).</summary>
public interface ICrlStateRepository
{
    Task<CrlStateRecord?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CrlStateRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task SetAsync(CrlStateRecord record, CancellationToken cancellationToken = default);
}
