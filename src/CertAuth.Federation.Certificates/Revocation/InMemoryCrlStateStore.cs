using System.Collections.Concurrent;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Process-lifetime <see cref="ICrlStateStore"/>.</summary>
public sealed class InMemoryCrlStateStore : ICrlStateStore
{
    private readonly ConcurrentDictionary<string, CrlState> _states = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<CrlState?> GetAsync(string authorityId, CancellationToken cancellationToken)
        => ValueTask.FromResult(_states.TryGetValue(authorityId, out var state) ? state : null);

    /// <inheritdoc />
    public ValueTask SetAsync(string authorityId, CrlState state, CancellationToken cancellationToken)
    {
        _states[authorityId] = state;
        return ValueTask.CompletedTask;
    }
}
