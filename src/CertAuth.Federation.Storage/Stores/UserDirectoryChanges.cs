namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// The user directory's in-process change signal: a generation counter that <see cref="IUserStore"/>'s writes (add,
/// enable/disable, revoke sessions) advance once they have committed. Caches of directory reads (the sign-in's
/// directory-user cache) tag each entry with the generation read before their store query and drop it when the
/// generation has moved, so a change made through this process is seen by the next read. Changes made by another
/// process (the CLI, another farm node) are not signalled here: such caches bound their lifetime instead.
/// </summary>
public sealed class UserDirectoryChanges : StoreChangeGeneration;

/// <summary>
/// The relying-party trusts' in-process change signal: <see cref="IRelyingPartyStore"/>'s writes (add, update, remove)
/// advance it once they have committed, so the federation server's relying-party cache drops every entry for the next
/// look-up. Changes made by another process (the CLI, another farm node) are not signalled here: the cache bounds its
/// lifetime instead (<c>Federation:RelyingPartyCacheLifetime</c>).
/// </summary>
public sealed class RelyingPartyTrustChanges : StoreChangeGeneration;

/// <summary>
/// The OAuth clients' in-process change signal: <see cref="IOAuthClientStore"/>'s writes (add, update, remove) advance
/// it once they have committed, so the token service's client cache drops every entry for the next look-up. Changes
/// made by another process (the CLI, another farm node) are not signalled here: the cache bounds its lifetime instead
/// (<c>TokenService:ClientCacheLifetime</c>).
/// </summary>
public sealed class OAuthClientChanges : StoreChangeGeneration;

/// <summary>A generation counter that only ever increases; a cache entry tagged with an older one is stale.</summary>
public abstract class StoreChangeGeneration
{
    private long _generation;

    /// <summary>The current generation (starts at 0; only ever increases).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Records that the data changed.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);
}
