using CertAuth.Federation.Protocols.Validation;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Protocols.Tests.Validation;

public sealed class ReplayCacheEvictionTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Full_FailsClosed_ByDefault_UntilAnEntryExpires()
    {
        var cache = new InMemoryAssertionReplayCache(_clock, maxEntries: 2);
        var now = _clock.GetUtcNow();
        Assert.True(cache.TryAdd("a", now.AddMinutes(5)));
        Assert.True(cache.TryAdd("b", now.AddMinutes(10)));

        Assert.False(cache.TryAdd("c", now.AddMinutes(10)));
        Assert.False(cache.TryAdd("a", now.AddMinutes(5)));

        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(cache.TryAdd("c", now.AddMinutes(10)));
    }

    [Fact]
    public void Full_WithEvictWhenFull_ForgetsTheEntryThatExpiresFirst_AndStillRefusesTheOthersReplays()
    {
        var cache = new InMemoryAssertionReplayCache(_clock, maxEntries: 2, evictWhenFull: true);
        var now = _clock.GetUtcNow();
        Assert.True(cache.TryAdd("b", now.AddMinutes(10)));
        Assert.True(cache.TryAdd("a", now.AddMinutes(5)));

        // Full: "a" (earliest expiry) is forgotten so "c" is recorded; a flood of fresh IDs never refuses a fresh one.
        Assert.True(cache.TryAdd("c", now.AddMinutes(10)));
        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryAdd("b", now.AddMinutes(10)));
        Assert.False(cache.TryAdd("c", now.AddMinutes(10)));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(cache.TryAdd("flood-" + i, now.AddMinutes(20)));
        }

        Assert.Equal(2, cache.Count);
    }
}
