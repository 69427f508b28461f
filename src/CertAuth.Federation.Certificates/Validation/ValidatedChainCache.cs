using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Certificates.Validation;

/// <summary>
/// The sign-in hot path's cache of successful chain validations (the <see cref="X509Chain"/> build and every rule before
/// revocation), keyed by the SHA-256 of the leaf and of the presented path hints. What it never caches, and why it
/// cannot extend trust:
/// <list type="bullet">
/// <item>Revocation is not part of the cached result: <see cref="ClientCertificateValidator"/> checks every certificate
/// of a cached chain against the CRL cache on each call, so a CRL that lists the certificate refuses it on the first
/// sign-in after that CRL is loaded, and a CRL past its nextUpdate fails closed exactly as without this cache.</item>
/// <item>An entry is only used with the very trust-store snapshot it was built from (reference equality of the list
/// <see cref="ITrustedAuthoritySource"/> returned: the store-backed source hands out a new list when the store's version
/// changes, the in-memory one on every edit) and the very options instance (a configuration reload makes a new one).
/// A CA added, removed, edited or re-keyed therefore misses, and the chain is built again.</item>
/// <item>An entry expires at the earliest notAfter in its chain (and is unused if the clock reads earlier than when it was
/// validated), so the validity rule is never skipped past a certificate's lifetime.</item>
/// <item>Refusals are never cached (they are logged and counted on every attempt; an attacker cannot fill the cache with
/// them). The size is bounded by <see cref="ClientCertificateValidationOptions.ChainCacheSize"/>: when full, expired
/// entries are dropped and, if still full, everything is dropped (the next calls build chains again).</item>
/// </list>
/// </summary>
internal sealed class ValidatedChainCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _trimGate = new();
    private int _count;

    /// <summary>Entries held now (tests and metrics).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The cache key of a leaf and its presented path hints.</summary>
    public static string KeyOf(X509Certificate2 certificate, X509Certificate2Collection? presentedChain)
    {
        if (presentedChain is not { Count: > 0 })
        {
            return Convert.ToHexString(SHA256.HashData(certificate.RawDataMemory.Span));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        AppendFramed(hash, certificate, length);
        foreach (var hint in presentedChain)
        {
            AppendFramed(hash, hint, length);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// A cached success for this leaf, re-pointed at <paramref name="certificate"/> (the caller's instance), or null when
    /// there is none valid for this trust-store snapshot, these options and this time.
    /// </summary>
    public CertificateValidationResult? TryGet(
        string key, X509Certificate2 certificate, IReadOnlyList<TrustedCertificateAuthority> authorities, ClientCertificateValidationOptions options, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (!ReferenceEquals(entry.Authorities, authorities) || !ReferenceEquals(entry.Options, options)
            || now < entry.ValidatedAt || now >= entry.Expires
            || !entry.Chain[0].AsSpan().SequenceEqual(certificate.RawDataMemory.Span))
        {
            Remove(key, entry);
            return null;
        }

        // The caller's leaf and the chain elements of the request that filled the entry are disposed by their owners (a
        // certificate forwarded in Client-Cert lives only for its request), so the entry never holds them. An element above
        // the leaf that is a configured CA is the CA's own instance from the entry's trust-store snapshot — the one a fresh
        // chain build returns too, alive as long as that snapshot — so a hit decodes no certificate (with OpenSSL 3 each
        // decode costs a public-key decoder look-up, a third of a kept-alive sign-in before this); any other element gets
        // an instance of its own from the stored bytes.
        var chain = new X509Certificate2[entry.Chain.Length];
        chain[0] = certificate;
        for (var i = 1; i < chain.Length; i++)
        {
            chain[i] = entry.ConfiguredCertificates[i] ?? X509CertificateLoader.LoadCertificate(entry.Chain[i]);
        }

        return CertificateValidationResult.Success(entry.IssuingAuthority, chain);
    }

    /// <summary>Caches a success (refusals are ignored) until the earliest notAfter of its chain.</summary>
    public void Add(
        string key, CertificateValidationResult result, IReadOnlyList<TrustedCertificateAuthority> authorities, ClientCertificateValidationOptions options, DateTimeOffset now)
    {
        if (!result.Succeeded || result.IssuingAuthority is null || result.Chain.Count == 0 || options.ChainCacheSize <= 0)
        {
            return;
        }

        var expires = DateTimeOffset.MaxValue;
        foreach (var certificate in result.Chain)
        {
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            expires = notAfter < expires ? notAfter : expires;
        }

        if (now >= expires)
        {
            return;
        }

        if (Count >= options.ChainCacheSize)
        {
            Trim(options.ChainCacheSize, now);
        }

        var chainBytes = result.Chain.Select(c => c.RawData).ToArray();
        var configured = new X509Certificate2?[chainBytes.Length];
        for (var i = 1; i < chainBytes.Length; i++)
        {
            configured[i] = ConfiguredInstance(authorities, chainBytes[i]);
        }

        var entry = new Entry(authorities, options, now, expires, result.IssuingAuthority, chainBytes, configured);
        if (_entries.TryAdd(key, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[key] = entry;
        }
    }

    private void Remove(string key, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void Trim(int limit, DateTimeOffset now)
    {
        lock (_trimGate)
        {
            foreach (var (key, entry) in _entries)
            {
                if (now >= entry.Expires)
                {
                    Remove(key, entry);
                }
            }

            if (Count >= limit)
            {
                foreach (var (key, entry) in _entries)
                {
                    Remove(key, entry);
                }
            }
        }
    }

    private static X509Certificate2? ConfiguredInstance(IReadOnlyList<TrustedCertificateAuthority> authorities, byte[] raw)
    {
        foreach (var authority in authorities)
        {
            if (authority.Certificate.RawDataMemory.Span.SequenceEqual(raw))
            {
                return authority.Certificate;
            }
        }

        return null;
    }

    private static void AppendFramed(IncrementalHash hash, X509Certificate2 certificate, Span<byte> length)
    {
        var raw = certificate.RawDataMemory.Span;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, raw.Length);
        hash.AppendData(length);
        hash.AppendData(raw);
    }

    private sealed record Entry(
        IReadOnlyList<TrustedCertificateAuthority> Authorities,
        ClientCertificateValidationOptions Options,
        DateTimeOffset ValidatedAt,
        DateTimeOffset Expires,
        TrustedCertificateAuthority IssuingAuthority,
        byte[][] Chain,
        X509Certificate2?[] ConfiguredCertificates);
}
