using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of authorization codes (hashes only), redeemed at most once.</summary>
public interface IAuthorizationCodeStore
{
    Task AddAsync(AuthorizationCodeRecord record, CancellationToken cancellationToken = default);

    Task<AuthorizationCodeRecord?> FindByHashAsync(string codeHash, CancellationToken cancellationToken = default);

    /// <summary>Atomically marks the code redeemed; false when it already was (a replay).</summary>
    Task<bool> TryRedeemAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes codes that expired before <paramref name="before"/>.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
