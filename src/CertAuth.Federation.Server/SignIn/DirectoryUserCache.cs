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

    private readonly StoreReadCache<DirectoryUser> _cache = new(changes, timeProvider, MaxEntries);

    /// <summary>Users held now (tests, diagnostics).</summary>
    public int Count => _cache.Count;

    /// <summary><see cref="IDirectoryUserRepository.FindByUpnAsync"/>, cached as described on the type.</summary>
    public Task<DirectoryUser?> FindByUpnAsync(string upn, CancellationToken cancellationToken)
        => _cache.GetAsync("upn:" + Normalize(upn), options.CurrentValue.DirectoryUserCacheLifetime, ct => users.FindByUpnAsync(upn, ct), static _ => true, cancellationToken);

    /// <summary><see cref="IDirectoryUserRepository.FindByEmailAsync"/>, cached as described on the type.</summary>
    public Task<DirectoryUser?> FindByEmailAsync(string email, CancellationToken cancellationToken)
        => _cache.GetAsync("email:" + Normalize(email), options.CurrentValue.DirectoryUserCacheLifetime, ct => users.FindByEmailAsync(email, ct), static _ => true, cancellationToken);

    private static string Normalize(string value) => value.Trim().ToLowerInvariant();
}
