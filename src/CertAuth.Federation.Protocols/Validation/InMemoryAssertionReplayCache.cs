namespace CertAuth.Federation.Protocols.Validation;

/// <summary>
/// Process-local, size-bounded replay cache. Entries leave at their expiry. When the cache is full of unexpired
/// entries it refuses new IDs (fails closed) rather than forgetting old ones — unless it was created with
/// <c>evictWhenFull</c>, for IDs anyone can mint (unsigned AuthnRequests): there a full cache forgets the entry that
/// expires first, so filling it cannot refuse every sign-in. Use a shared store when several instances serve the same
/// endpoint.
/// </summary>
public sealed class InMemoryAssertionReplayCache : IAssertionReplayCache
{
    /// <summary>Default maximum number of remembered IDs.</summary>
    public const int DefaultMaxEntries = 100_000;

    private readonly TimeProvider _timeProvider;
    private readonly int _maxEntries;
    private readonly bool _evictWhenFull;
    private readonly Dictionary<string, DateTimeOffset> _entries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();
    private readonly Lock _lock = new();

    /// <summary>
    /// Creates a cache bounded to <paramref name="maxEntries"/> IDs; full, it refuses new IDs, or with
    /// <paramref name="evictWhenFull"/> forgets the one that expires first.
    /// </summary>
    public InMemoryAssertionReplayCache(TimeProvider timeProvider, int maxEntries = DefaultMaxEntries, bool evictWhenFull = false)
    {
        _evictWhenFull = evictWhenFull;
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        _timeProvider = timeProvider;
        _maxEntries = maxEntries;
    }

    /// <summary>Number of IDs currently remembered (expired ones may linger until the next add).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool TryAdd(string assertionId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(assertionId);
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            Purge(now);
            if (_entries.ContainsKey(assertionId))
            {
                return false;
            }

            while (_entries.Count >= _maxEntries)
            {
                if (!_evictWhenFull || !_expiries.TryDequeue(out var oldest, out var oldestExpiry))
                {
                    return false;
                }

                if (_entries.TryGetValue(oldest, out var current) && current == oldestExpiry)
                {
                    _entries.Remove(oldest);
                }
            }

            _entries[assertionId] = expiresAt;
            _expiries.Enqueue(assertionId, expiresAt);
            return true;
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (_expiries.TryPeek(out var id, out var expiresAt) && expiresAt <= now)
        {
            _expiries.Dequeue();
            if (_entries.TryGetValue(id, out var current) && current == expiresAt)
            {
                _entries.Remove(id);
            }
        }
    }
}
