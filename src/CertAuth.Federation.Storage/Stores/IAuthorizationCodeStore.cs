using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of authorization codes (hashes only), redeemed at most once.</summary>
public interface IAuthorizationCodeStore
{
    Task AddAsync(AuthorizationCodeRecord record, CancellationToken cancellationToken = default);

    Task<AuthorizationCodeRecord?> FindByHashAsync(string codeHash, CancellationToken cancellationToken = default);

    /// <summary>Atomically marks the code redeemed; false when it already was (a replay).</summary>
    Task<bool> TryRedeemAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sign-out cleanup (issue 14, cleanup): deletes the codes among <paramref name="codeHashes"/> (at most
    /// <see cref="IRefreshTokenStore.MaxCodeHashesPerCleanup"/>) that were not redeemed yet, so a later redemption is an
    /// unknown code (<c>invalid_grant</c>); redeemed ones stay for replay detection. Returns how many were deleted.
    /// </summary>
    Task<int> DeleteUnredeemedAsync(IReadOnlyCollection<string> codeHashes, CancellationToken cancellationToken = default);

    /// <summary>Deletes codes that expired before <paramref name="before"/>.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
