using System.Collections.Concurrent;
using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// The directory users the sign-in found, by UPN or e-mail, so a repeat sign-in skips the database read. An entry is
/// reused only while (1) <see cref="UserDirectoryChanges.Generation"/> is the one read before its store query — any
/// add, enable/disable or session revocation committed through this process's user store drops every
/// entry for the next sign-in — and (2) it is younger than <see cref="FederationServerOptions.DirectoryUserCacheLifetime"/>
/// (default 2 s), the bound within which a change made by another process (the CLI, another farm node) is seen.
/// Not-found answers are not cached (a new user can sign in at once); at most <see cref="MaxEntries"/> users are held
/// (when full, everything is dropped). A lifetime of zero reads the store every time.
/// </summary>
public sealed class DirectoryUserCache(
    IDirectoryUserRepository users, UserDirectoryChanges changes, IOptionsMonitor<FederationServerOptions> options, TimeProvider timeProvider)
{
    /// <summary>The bound on cached users.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Users held now (tests, diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary><see cref="IDirectoryUserRepository.FindByUpnAsync"/>, cached as described on the type.</summary>
    public Task<DirectoryUser?> FindByUpnAsync(string upn, CancellationToken cancellationToken)
        => FindAsync("upn:" + Normalize(upn), upn, static (store, value, ct) => store.FindByUpnAsync(value, ct), cancellationToken);

    /// <summary><see cref="IDirectoryUserRepository.FindByEmailAsync"/>, cached as described on the type.</summary>
    public Task<DirectoryUser?> FindByEmailAsync(string email, CancellationToken cancellationToken)
        => FindAsync("email:" + Normalize(email), email, static (store, value, ct) => store.FindByEmailAsync(value, ct), cancellationToken);

    private async Task<DirectoryUser?> FindAsync(
        string key, string value, Func<IDirectoryUserRepository, string, CancellationToken, Task<DirectoryUser?>> read, CancellationToken cancellationToken)
    {
        var lifetime = options.CurrentValue.DirectoryUserCacheLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            return await read(users, value, cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        var generation = changes.Generation;
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation && now >= entry.ReadAt && now - entry.ReadAt < lifetime)
        {
            return entry.User;
        }

        // The generation was read before the query: a write committed while it runs leaves this entry already stale.
        var user = await read(users, value, cancellationToken);
        if (user is null)
        {
            _entries.TryRemove(key, out _);
            return null;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(user, generation, now);
        return user;
    }

    private static string Normalize(string value) => value.Trim().ToLowerInvariant();

    private sealed record Entry(DirectoryUser User, long Generation, DateTimeOffset ReadAt);
}
