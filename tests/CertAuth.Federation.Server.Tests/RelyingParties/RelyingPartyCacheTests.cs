using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Server.Tests.RelyingParties;

/// <summary>
/// The relying-party cache of <see cref="StoreRelyingPartyResolver"/> (issue 16): a change committed through this
/// server's store is seen by the next look-up; a change made behind its back (the CLI, another node) within
/// <see cref="FederationServerOptions.RelyingPartyCacheLifetime"/>; unknown and disabled trusts are never cached.
/// </summary>
public sealed class RelyingPartyCacheTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task DisabledThroughTheStore_IsGoneAtOnce_AndAnOutOfProcessDisableWithinTheLifetime()
    {
        var resolver = server.Services.GetRequiredService<IRelyingPartyResolver>();
        var store = server.Services.GetRequiredService<IRelyingPartyStore>();
        var id = FederationServerHarness.RelyingPartyId;
        Assert.NotNull(await resolver.ResolveAsync(id, default));

        // In process (what the admin API does): the very next look-up sees it.
        await SetEnabledThroughStoreAsync(store, id, false);
        Assert.Null(await resolver.ResolveAsync(id, default));
        await SetEnabledThroughStoreAsync(store, id, true);
        var cached = await resolver.ResolveAsync(id, default);
        Assert.NotNull(cached);
        Assert.Same(cached, await resolver.ResolveAsync(id, default));

        // Out of process (the CLI or another node writes the row; no in-process signal): seen once the lifetime is over,
        // and not trusted a moment longer.
        var lifetime = server.Services.GetRequiredService<IOptions<FederationServerOptions>>().Value.RelyingPartyCacheLifetime;
        Assert.True(lifetime > TimeSpan.Zero);
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.RelyingParties.Where(r => r.EntityId == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, false)));
        }

        try
        {
            server.Clock.Advance(lifetime);
            Assert.Null(await resolver.ResolveAsync(id, default));
        }
        finally
        {
            await SetEnabledThroughStoreAsync(store, id, true);
        }

        Assert.NotNull(await resolver.ResolveAsync(id, default));
    }

    [Fact]
    public async Task Cache_HitsWithinTheLifetimeAndGeneration_MissesOtherwise_AndNeverCachesUnknownOrDisabled()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new CountingRelyingPartyStore();
        var changes = new RelyingPartyTrustChanges();
        var options = new FederationServerOptions { RelyingPartyCacheLifetime = TimeSpan.FromSeconds(2) };
        var resolver = new StoreRelyingPartyResolver(store, changes, new StaticOptionsMonitor<FederationServerOptions>(options), clock);

        var first = await resolver.ResolveAsync("urn:rp", default);
        Assert.NotNull(first);
        Assert.Same(first, await resolver.ResolveAsync("urn:rp", default));
        Assert.Equal(1, store.Reads);

        changes.Changed();
        Assert.NotNull(await resolver.ResolveAsync("urn:rp", default));
        Assert.Equal(2, store.Reads);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull(await resolver.ResolveAsync("urn:rp", default));
        Assert.Equal(3, store.Reads);

        Assert.Null(await resolver.ResolveAsync("urn:unknown", default));
        Assert.Null(await resolver.ResolveAsync("urn:unknown", default));
        Assert.Null(await resolver.ResolveAsync("urn:disabled", default));
        Assert.Null(await resolver.ResolveAsync("urn:disabled", default));
        Assert.Equal(7, store.Reads);

        // A trust that became disabled in the store drops its entry (the next read goes to the store again).
        store.DisableRp = true;
        changes.Changed();
        Assert.Null(await resolver.ResolveAsync("urn:rp", default));
        store.DisableRp = false;
        Assert.NotNull(await resolver.ResolveAsync("urn:rp", default));
        Assert.Equal(9, store.Reads);

        options.RelyingPartyCacheLifetime = TimeSpan.Zero;
        Assert.NotNull(await resolver.ResolveAsync("urn:rp", default));
        Assert.NotNull(await resolver.ResolveAsync("urn:rp", default));
        Assert.Equal(11, store.Reads);

        Assert.Null(await resolver.ResolveAsync(new string('a', 1025), default));
        Assert.Equal(11, store.Reads);
    }

    private static async Task SetEnabledThroughStoreAsync(IRelyingPartyStore store, string entityId, bool enabled)
    {
        var record = await store.FindByEntityIdAsync(entityId) ?? throw new InvalidOperationException("The harness trust is missing.");
        record.Enabled = enabled;
        Assert.True(await store.UpdateAsync(record));
    }

    private sealed class CountingRelyingPartyStore : IRelyingPartyStore
    {
        public int Reads { get; private set; }

        public bool DisableRp { get; set; }

        public Task<RelyingPartyRecord?> FindByEntityIdAsync(string entityId, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult<RelyingPartyRecord?>(entityId switch
            {
                "urn:rp" => new RelyingPartyRecord { EntityId = entityId, Enabled = !DisableRp, AssertionConsumerServiceUrls = ["https://rp.example/acs"] },
                "urn:disabled" => new RelyingPartyRecord { EntityId = entityId, Enabled = false },
                _ => null,
            });
        }

        public Task<IReadOnlyList<RelyingPartyRecord>> ListAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task AddAsync(RelyingPartyRecord record, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> UpdateAsync(RelyingPartyRecord record, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> RemoveAsync(string entityId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
