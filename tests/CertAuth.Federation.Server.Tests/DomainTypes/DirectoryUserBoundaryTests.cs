using System.Reflection;
using static CertAuth.Federation.Tests.Shared.SignatureScan;
using System.Runtime.CompilerServices;
using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Server.Tests.DomainTypes;

/// <summary>
/// Issue 12 item 2: the federation server's sign-in path sees its directory users as <see cref="DirectoryUser"/>
/// (src/CertAuth.Federation.Server/Domain), mapped from the EF record at the store boundary
/// (<see cref="StoreDirectoryUserRepository"/>); no type of the Storage entity namespace appears in a signature of
/// the SignIn namespace. The sign-in over the real server is pinned by the existing sign-in tests.
/// </summary>
public sealed class DirectoryUserBoundaryTests
{
    private const string EntityNamespace = "CertAuth.Federation.Storage.Entities";

    [Fact]
    public void SignInPath_NamesNoStorageEntityRecord_InAnySignature()
    {
        var scanned = typeof(CertificateSignInService).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(CertificateSignInService).Namespace)
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.Name.Contains('<', StringComparison.Ordinal))
            .ToList();
        Assert.Contains(typeof(CertificateUserLookup), scanned);
        Assert.Contains(typeof(CertificateSignInResult.SignedIn), scanned);

        var offenders = scanned.SelectMany(SignatureTypes).Where(x => x.Type.Namespace == EntityNamespace).Select(x => $"{x.Member}: {x.Type.Name}").ToList();

        Assert.True(offenders.Count == 0, "EF records in sign-in signatures:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void TheSignatureScan_SeesEntityRecords_InTheStoreInterface()
    {
        Assert.Contains(SignatureTypes(typeof(IUserStore)), x => x.Type == typeof(UserRecord));
    }

    [Fact]
    public async Task TheRepository_MapsTheStoreRecord_AndKeepsTheStoreLookups()
    {
        var store = new OneUserStore(new UserRecord
        {
            Upn = "alice@contoso.com",
            Email = "alice@contoso.com",
            DisplayName = "Alice",
            ImmutableId = "alice-id",
            Enabled = false,
        });
        var repository = new StoreDirectoryUserRepository(store);

        var byUpn = await repository.FindByUpnAsync("alice@contoso.com");
        var byEmail = await repository.FindByEmailAsync("alice@contoso.com");

        Assert.Equal(new DirectoryUser { Upn = "alice@contoso.com", Email = "alice@contoso.com", DisplayName = "Alice", ImmutableId = "alice-id", Enabled = false }, byUpn);
        Assert.Equal(byUpn, byEmail);
        Assert.Null(await repository.FindByUpnAsync("bob@contoso.com"));
    }

    /// <summary>A directory of one user (the look-ups the repository forwards).</summary>
    private sealed class OneUserStore(UserRecord user) : IUserStore
    {
        public Task<UserRecord?> FindByUpnAsync(string upn, CancellationToken cancellationToken = default) =>
            Task.FromResult(string.Equals(upn, user.Upn, StringComparison.OrdinalIgnoreCase) ? user : null);

        public Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
            Task.FromResult(string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase) ? user : null);

        public Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<UserRecord>>([user]);

        public Task AddAsync(UserRecord record, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> SetEnabledAsync(string upn, bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DateTimeOffset?> RevokeSessionsAsync(string upn, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
