using System.Collections.Concurrent;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// A read-through cache of store reads for the token hot paths (issue 16: directory users at sign-in, relying-party trusts,
/// OAuth clients). An entry is reused only while (1) its <see cref="StoreChangeGeneration"/> is the one read <b>before</b>
/// its store query — a write committed through this process's store advances it, so the next read goes to the store, and
/// a write racing the query leaves the entry already stale — and (2) it is younger than the lifetime the caller passes,
/// the bound within which a change made by another process (the CLI, another farm node) is seen. Null answers and values
/// the caller calls not cacheable (disabled records) are never held; at most <c>maxEntries</c> are (when full, everything
/// is dropped). A lifetime of zero or less reads the store every time.
/// </summary>
public sealed class StoreReadCache<T>(StoreChangeGeneration changes, TimeProvider timeProvider, int maxEntries)
    where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Values held now (tests, diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>The cached value for <paramref name="key"/>, or <paramref name="read"/>'s answer (held when cacheable).</summary>
    public async Task<T?> GetAsync(
        string key, TimeSpan lifetime, Func<CancellationToken, Task<T?>> read, Func<T, bool> cacheable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(cacheable);
        if (lifetime <= TimeSpan.Zero)
        {
            return await read(cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        var generation = changes.Generation;
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation && now >= entry.ReadAt && now - entry.ReadAt < lifetime)
        {
            return entry.Value;
        }

        var value = await read(cancellationToken);
        if (value is null || !cacheable(value))
        {
            _entries.TryRemove(key, out _);
            return value;
        }

        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(value, generation, now);
        return value;
    }

    private sealed record Entry(T Value, long Generation, DateTimeOffset ReadAt);
}
