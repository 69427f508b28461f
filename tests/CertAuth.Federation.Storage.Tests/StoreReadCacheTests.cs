using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Storage.Tests;

/// <summary>
/// <see cref="StoreReadCache{T}"/>, the one cache behind the directory-user, relying-party and OAuth-client caches
/// (issue 16): the generation is read before the store query, so a write committed while a read runs leaves that
/// entry stale; the lifetime bounds what another process's write can miss; nulls and non-cacheable values are never held.
/// </summary>
public sealed class StoreReadCacheTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly RelyingPartyTrustChanges _changes = new();
    private int _reads;

    [Fact]
    public async Task AWriteCommittedWhileTheReadRuns_LeavesThatEntryStale()
    {
        var cache = new StoreReadCache<string>(_changes, _clock, maxEntries: 10);
        Assert.Equal("v1", await cache.GetAsync("k", TimeSpan.FromSeconds(2), _ => { _reads++; _changes.Changed(); return Task.FromResult<string?>("v1"); }, _ => true, default));
        Assert.Equal("v2", await cache.GetAsync("k", TimeSpan.FromSeconds(2), Read("v2"), _ => true, default));
        Assert.Equal("v2", await cache.GetAsync("k", TimeSpan.FromSeconds(2), Read("v3"), _ => true, default));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task Lifetime_NullsAndNonCacheableValues_AndTheSizeBound()
    {
        var cache = new StoreReadCache<string>(_changes, _clock, maxEntries: 2);
        var lifetime = TimeSpan.FromSeconds(2);
        Assert.Equal("a", await cache.GetAsync("a", lifetime, Read("a"), _ => true, default));
        _clock.Advance(lifetime - TimeSpan.FromTicks(1));
        Assert.Equal("a", await cache.GetAsync("a", lifetime, Read("changed"), _ => true, default));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("changed", await cache.GetAsync("a", lifetime, Read("changed"), _ => true, default));
        Assert.Equal(2, _reads);

        Assert.Null(await cache.GetAsync("none", lifetime, Read(null), _ => true, default));
        Assert.Null(await cache.GetAsync("none", lifetime, Read(null), _ => true, default));
        Assert.Equal("off", await cache.GetAsync("disabled", lifetime, Read("off"), v => v != "off", default));
        Assert.Equal("off", await cache.GetAsync("disabled", lifetime, Read("off"), v => v != "off", default));
        Assert.Equal(6, _reads);
        Assert.Equal(1, cache.Count);

        Assert.Equal("b", await cache.GetAsync("b", lifetime, Read("b"), _ => true, default));
        Assert.Equal(2, cache.Count);
        Assert.Equal("c", await cache.GetAsync("c", lifetime, Read("c"), _ => true, default));
        Assert.Equal(1, cache.Count);

        Assert.Equal("z", await cache.GetAsync("c", TimeSpan.Zero, Read("z"), _ => true, default));
        Assert.Equal(9, _reads);
    }

    private Func<CancellationToken, Task<string?>> Read(string? value) => _ =>
    {
        _reads++;
        return Task.FromResult(value);
    };
}
