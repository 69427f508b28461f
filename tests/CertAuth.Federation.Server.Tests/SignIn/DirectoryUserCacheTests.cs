using System.Net;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>
/// The sign-in's directory-user cache (<see cref="DirectoryUserCache"/>): a change committed through this server's
/// store is seen by the next sign-in; a change made behind its back (another process, another node) within
/// <see cref="FederationServerOptions.DirectoryUserCacheLifetime"/>.
/// </summary>
public sealed class DirectoryUserCacheTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task DisabledThroughTheStore_IsRefusedOnTheNextSignIn_AndAnOutOfProcessDisableWithinTheLifetime()
    {
        var cache = server.Services.GetRequiredService<DirectoryUserCache>();
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server.Pki.Alice)).Status);
        Assert.Equal(1, cache.Count);

        // In process (what the admin API and admin pages do): the very next sign-in is refused.
        var users = server.Services.GetRequiredService<IUserStore>();
        Assert.True(await users.SetEnabledAsync("alice@contoso.com", false));
        var disabled = await SignInAsync(server.Pki.Alice);
        Assert.Equal(HttpStatusCode.Forbidden, disabled.Status);
        Assert.Equal("CAF1102", disabled.ErrorCode);
        Assert.True(await users.SetEnabledAsync("alice@contoso.com", true));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server.Pki.Alice)).Status);

        // Out of process (the CLI or another node writes the row; no in-process signal): seen once the lifetime is over.
        var lifetime = server.Services.GetRequiredService<IOptions<FederationServerOptions>>().Value.DirectoryUserCacheLifetime;
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Users.Where(u => u.Upn == "alice@contoso.com").ExecuteUpdateAsync(s => s.SetProperty(u => u.Enabled, false)));
        }

        server.Clock.Advance(lifetime);
        var refused = await SignInAsync(server.Pki.Alice);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("CAF1102", refused.ErrorCode);
    }

    [Fact]
    public async Task Cache_HitsWithinTheLifetimeAndGeneration_MissesOtherwise_AndNeverCachesNotFound()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new CountingUserStore();
        var changes = new UserDirectoryChanges();
        var options = new FederationServerOptions { DirectoryUserCacheLifetime = TimeSpan.FromSeconds(2) };
        var cache = new DirectoryUserCache(new CertAuth.Federation.Server.Domain.StoreDirectoryUserRepository(store), changes, new StaticOptionsMonitor<FederationServerOptions>(options), clock);

        Assert.NotNull(await cache.FindByUpnAsync("Alice@Contoso.com", default));
        Assert.NotNull(await cache.FindByUpnAsync("alice@contoso.com ", default));
        Assert.Equal(1, store.Reads);

        changes.Changed();
        Assert.NotNull(await cache.FindByUpnAsync("alice@contoso.com", default));
        Assert.Equal(2, store.Reads);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull(await cache.FindByUpnAsync("alice@contoso.com", default));
        Assert.Equal(3, store.Reads);

        Assert.Null(await cache.FindByEmailAsync("nobody@contoso.com", default));
        Assert.Null(await cache.FindByEmailAsync("nobody@contoso.com", default));
        Assert.Equal(5, store.Reads);

        options.DirectoryUserCacheLifetime = TimeSpan.Zero;
        Assert.NotNull(await cache.FindByUpnAsync("alice@contoso.com", default));
        Assert.Equal(6, store.Reads);
    }

    private async Task<SignInPage> SignInAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var client = server.CreateClient(certificate);
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        return await SignInPage.ReadAsync(response);
    }

    private sealed class CountingUserStore : IUserStore
    {
        public int Reads { get; private set; }

        public Task<UserRecord?> FindByUpnAsync(string upn, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult<UserRecord?>(upn.Trim().Equals("alice@contoso.com", StringComparison.OrdinalIgnoreCase)
                ? new UserRecord { Upn = "alice@contoso.com", ImmutableId = "alice" }
                : null);
        }

        public Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult<UserRecord?>(null);
        }

        public Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task AddAsync(UserRecord record, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> SetEnabledAsync(string upn, bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DateTimeOffset?> RevokeSessionsAsync(string upn, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
