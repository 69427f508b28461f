using CertAuth.Federation.Protocols.Validation;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Protocols.Tests.Validation;

public sealed class InMemoryAssertionReplayCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void SecondAdd_IsRefused_UntilExpiry()
    {
        var cache = new InMemoryAssertionReplayCache(_time);
        var expiry = _time.GetUtcNow().AddMinutes(10);

        Assert.True(cache.TryAdd("_a", expiry));
        Assert.False(cache.TryAdd("_a", expiry));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(cache.TryAdd("_a", expiry.AddMinutes(10)));
    }

    [Fact]
    public void WhenFull_RefusesNewIds_AndFreesSpaceAsEntriesExpire()
    {
        var cache = new InMemoryAssertionReplayCache(_time, maxEntries: 2);
        Assert.True(cache.TryAdd("_a", _time.GetUtcNow().AddMinutes(1)));
        Assert.True(cache.TryAdd("_b", _time.GetUtcNow().AddMinutes(5)));

        Assert.False(cache.TryAdd("_c", _time.GetUtcNow().AddMinutes(5)));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(cache.TryAdd("_c", _time.GetUtcNow().AddMinutes(5)));
        Assert.Equal(2, cache.Count);
    }
}
