using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>Persistence of the user directory. UPN and e-mail look-ups are case-insensitive.</summary>
public interface IUserStore
{
    Task<UserRecord?> FindByUpnAsync(string upn, CancellationToken cancellationToken = default);

    /// <summary>Finds the one user with this e-mail address; null when none or when it is ambiguous.</summary>
    Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a user; throws <see cref="StoreConflictException"/> when the UPN exists.</summary>
    Task AddAsync(UserRecord record, CancellationToken cancellationToken = default);

    /// <summary>Enables or disables a user; false when there is no such user.</summary>
    Task<bool> SetEnabledAsync(string upn, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Sets StsRefreshTokensValidFrom to now and returns it; null when there is no such user.</summary>
    Task<DateTimeOffset?> RevokeSessionsAsync(string upn, CancellationToken cancellationToken = default);
}
