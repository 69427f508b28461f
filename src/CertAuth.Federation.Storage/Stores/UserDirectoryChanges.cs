namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// The user directory's in-process change signal: a generation counter that <see cref="IUserStore"/>'s writes (add,
/// enable/disable, revoke sessions) advance once they have committed. Caches of directory reads (the sign-in's
/// directory-user cache) tag each entry with the generation read before their store query and drop it when the
/// generation has moved, so a change made through this process is seen by the next read. Changes made by another
/// process (the CLI, another farm node) are not signalled here: such caches bound their lifetime instead.
/// </summary>
public sealed class UserDirectoryChanges
{
    private long _generation;

    /// <summary>The current generation (starts at 0; only ever increases).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Records that the directory changed.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);
}
