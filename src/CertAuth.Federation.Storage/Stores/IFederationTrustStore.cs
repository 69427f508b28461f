using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of the federation servers the token service trusts (<c>certauth federation add|list|remove</c>).</summary>
public interface IFederationTrustStore
{
    Task<FederationTrustRecord?> FindByEntityIdAsync(string entityId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FederationTrustRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a trust; throws <see cref="StoreConflictException"/> when the entity id exists.</summary>
    Task AddAsync(FederationTrustRecord record, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored trust with the same entity id; false when there is none.</summary>
    Task<bool> UpdateAsync(FederationTrustRecord record, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string entityId, CancellationToken cancellationToken = default);
}
