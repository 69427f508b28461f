using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Authorization requests waiting for the federation server's SAML response.</summary>
public interface IPendingAuthorizationStore
{
    Task AddAsync(PendingAuthorizationRecord record, CancellationToken cancellationToken = default);

    /// <summary>The unconsumed request bound to this browser (hash of its binding cookie), or null.</summary>
    Task<PendingAuthorizationRecord?> FindByBrowserBindingAsync(string browserBindingHash, CancellationToken cancellationToken = default);

    /// <summary>Atomically marks the request consumed; false when it already was.</summary>
    Task<bool> TryConsumeAsync(string requestId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes requests that expired before <paramref name="before"/>.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
