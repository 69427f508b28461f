namespace CertAuth.Federation.Storage.Stores;

/// <summary>Durable, cross-instance memory of accepted SAML assertion IDs.</summary>
public interface IAssertionReplayStore
{
    /// <summary>Records the ID until <paramref name="expiresAt"/>; false when it is already recorded (a replay).</summary>
    bool TryAdd(string assertionId, DateTimeOffset expiresAt);

    /// <summary>Deletes IDs that expired before <paramref name="before"/>.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
