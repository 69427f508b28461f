using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of the OAuth clients of the token service (<c>certauth client add|list|remove</c>).</summary>
public interface IOAuthClientStore
{
    Task<OAuthClientRecord?> FindAsync(string clientId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OAuthClientRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a client; throws <see cref="StoreConflictException"/> when the client id exists.</summary>
    Task AddAsync(OAuthClientRecord record, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored client with the same client id; false when there is none.</summary>
    Task<bool> UpdateAsync(OAuthClientRecord record, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string clientId, CancellationToken cancellationToken = default);
}
