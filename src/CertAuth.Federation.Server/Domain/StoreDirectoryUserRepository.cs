using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Server.Domain;

/// <summary>
/// <see cref="IDirectoryUserRepository"/> over the federation server's store (<see cref="IUserStore"/>, itself over
/// <c>FederationDbContext</c>): the one place the sign-in path's <see cref="DirectoryUser"/> is mapped from its EF record.
/// </summary>
public sealed class StoreDirectoryUserRepository(IUserStore users) : IDirectoryUserRepository
{
    /// <inheritdoc />
    public async Task<DirectoryUser?> FindByUpnAsync(string upn, CancellationToken cancellationToken = default) =>
        ToDomain(await users.FindByUpnAsync(upn, cancellationToken));

    /// <inheritdoc />
    public async Task<DirectoryUser?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        ToDomain(await users.FindByEmailAsync(email, cancellationToken));

    internal static DirectoryUser? ToDomain(UserRecord? record) => record is null ? null : new DirectoryUser
    {
        Upn = record.Upn,
        Email = record.Email,
        DisplayName = record.DisplayName,
        ImmutableId = record.ImmutableId,
        Enabled = record.Enabled,
    };
}
