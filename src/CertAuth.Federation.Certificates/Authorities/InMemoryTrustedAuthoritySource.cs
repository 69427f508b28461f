namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>A thread-safe, in-memory <see cref="ITrustedAuthoritySource"/> (tests, CLI, single-node demos).</summary>
public sealed class InMemoryTrustedAuthoritySource : ITrustedAuthoritySource
{
    private readonly Lock _gate = new();
    private volatile IReadOnlyList<TrustedCertificateAuthority> _authorities;

    /// <summary>Creates the source with an initial set of CAs.</summary>
    public InMemoryTrustedAuthoritySource(IEnumerable<TrustedCertificateAuthority>? authorities = null)
    {
        _authorities = authorities?.ToArray() ?? [];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TrustedCertificateAuthority>> GetAuthoritiesAsync(CancellationToken cancellationToken)
        => ValueTask.FromResult(_authorities);

    /// <summary>Replaces the whole set atomically.</summary>
    public void Set(IEnumerable<TrustedCertificateAuthority> authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        _authorities = authorities.ToArray();
    }

    /// <summary>Adds or replaces (by <see cref="TrustedCertificateAuthority.Id"/>) one CA.</summary>
    public void AddOrReplace(TrustedCertificateAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        lock (_gate)
        {
            _authorities = _authorities.Where(a => a.Id != authority.Id).Append(authority).ToArray();
        }
    }
}
