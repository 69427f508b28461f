using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of the trusted certificate authorities.</summary>
public interface ITrustedAuthorityStore
{
    Task<IReadOnlyList<TrustedAuthorityRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task<TrustedAuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Adds an authority; throws <see cref="StoreConflictException"/> when the certificate is already trusted.</summary>
    Task AddAsync(TrustedAuthorityRecord record, CancellationToken cancellationToken = default);

    Task<bool> UpdateAsync(TrustedAuthorityRecord record, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A number that changes whenever the set changes, so readers can cache cheaply.</summary>
    Task<long> GetVersionAsync(CancellationToken cancellationToken = default);
}
