using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of relying-party trusts.</summary>
public interface IRelyingPartyStore
{
    Task<RelyingPartyRecord?> FindByEntityIdAsync(string entityId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RelyingPartyRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a trust; throws <see cref="StoreConflictException"/> when the entity id exists.</summary>
    Task AddAsync(RelyingPartyRecord record, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored trust with the same entity id; false when there is none.</summary>
    Task<bool> UpdateAsync(RelyingPartyRecord record, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string entityId, CancellationToken cancellationToken = default);
}
