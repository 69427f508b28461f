using System.Security.Cryptography;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// The JWT signing keys in the token service's database (issue 13), the same on every node. At start-up a store without
/// keys gets one (an earlier release's key file in <see cref="TokenServiceOptions.DataPath"/> is imported, so that tokens
/// it signed stay valid). The signing key is the one with the latest activation not in the future; a key stops signing
/// when its successor activates and stays published until <see cref="TokenServiceOptions.AccessTokenLifetime"/> plus
/// <see cref="TokenServiceOptions.ClockSkew"/> later, when no token it signed can still be valid. Every node re-reads
/// the table every <see cref="SigningKeyOptions.RefreshInterval"/> (on the next use after it elapsed, in the background),
/// so a rotation (<c>certauth keys rotate</c>) needs no restart.
/// </summary>
internal sealed class StoredTokenSigningKeys(
    ISigningKeyStore store,
    IDataProtectionProvider dataProtection,
    IOptions<TokenServiceOptions> options,
    TimeProvider clock,
    TokenServiceContentRoot contentRoot,
    ILogger<StoredTokenSigningKeys> logger) : ITokenSigningKeys
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TokenSigningKey> _opened = new(StringComparer.Ordinal);
    private IReadOnlyList<(SigningKeyRecord Record, TokenSigningKey Key)> _keys = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private Task? _reload;

    public TokenSigningKey Current
    {
        get
        {
            var keys = Snapshot();
            var now = clock.GetUtcNow();
            var active = keys.LastOrDefault(k => k.Record.ActivatesAt <= now);
            return (active.Key ?? keys.FirstOrDefault().Key)
                ?? throw new InvalidOperationException("No usable JWT signing key in the store (see the log, event 3061).");
        }
    }

    public IReadOnlyList<TokenSigningKey> Published
    {
        get
        {
            var keys = Snapshot();
            var now = clock.GetUtcNow();
            var retention = options.Value.AccessTokenLifetime + options.Value.ClockSkew;
            var published = new List<TokenSigningKey>(keys.Count);
            for (var i = 0; i < keys.Count; i++)
            {
                var successor = i + 1 < keys.Count ? keys[i + 1].Record.ActivatesAt : (DateTimeOffset?)null;
                var retired = successor is { } s && s <= now;
                if (!retired || successor!.Value + retention > now)
                {
                    published.Add(keys[i].Key);
                }
            }

            return published;
        }
    }

    /// <summary>
    /// Puts a first key in an empty store (importing a legacy key file when there is one), or a key of the configured
    /// <see cref="TokenServiceOptions.SigningAlgorithm"/> when the store has none of it (it signs at once; older keys stay
    /// published for their retention), then loads the keys.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var existing = await store.ListAsync(cancellationToken);
        var algorithm = options.Value.SigningAlgorithm;
        if (existing.Count == 0 || !existing.Any(k => k.Algorithm == algorithm))
        {
            var now = clock.GetUtcNow();
            SigningKeyRecord record;
            if (existing.Count == 0 && algorithm == "RS256")
            {
                var folder = KeyMaterialLoader.Resolve(options.Value.DataPath, contentRoot.Path);
                using var legacy = KeyMaterialLoader.LoadLegacyJwtKey(folder);
                record = TokenSigningKeyMaterial.Create(dataProtection, now, now, legacy is null ? "startup" : "import", legacy);
            }
            else
            {
                record = TokenSigningKeyMaterial.Create(dataProtection, now, now, "startup", algorithm);
            }

            try
            {
                await store.AddAsync(record, cancellationToken);
                logger.SigningKeyCreated(record.KeyId, record.CreatedBy!);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // Another node added the first key at the same moment (same imported key) or just before: keep theirs too.
            }
        }

        await ReloadAsync(cancellationToken);
        if (_keys.Count == 0)
        {
            throw new InvalidOperationException("None of the stored JWT signing keys can be opened with this node's data-protection keys (event 3061).");
        }
    }

    /// <summary>Re-reads the store now.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var records = await store.ListAsync(cancellationToken);
        var loaded = new List<(SigningKeyRecord, TokenSigningKey)>(records.Count);
        foreach (var record in records)
        {
            TokenSigningKey? key;
            lock (_gate)
            {
                _opened.TryGetValue(record.KeyId, out key);
            }

            if (key is null)
            {
                try
                {
                    key = TokenSigningKeyMaterial.OpenSigningKey(record, dataProtection) switch
                    {
                        ECDsa ecdsa => new TokenSigningKey(ecdsa),
                        var other => new TokenSigningKey((RSA)other),
                    };
                }
                catch (CryptographicException ex)
                {
                    // Fail closed: a key this node cannot open is neither used nor published.
                    logger.SigningKeyUnusable(record.KeyId, ex.Message);
                    continue;
                }

                lock (_gate)
                {
                    _opened[record.KeyId] = key;
                }
            }

            loaded.Add((record, key));
        }

        lock (_gate)
        {
            _keys = loaded;
            _loadedAt = clock.GetUtcNow();
        }
    }

    private IReadOnlyList<(SigningKeyRecord Record, TokenSigningKey Key)> Snapshot()
    {
        lock (_gate)
        {
            if (clock.GetUtcNow() - _loadedAt >= options.Value.SigningKeys.RefreshInterval && _reload is null or { IsCompleted: true })
            {
                _reload = Task.Run(async () =>
                {
                    try
                    {
                        await ReloadAsync();
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // The keys already loaded stay in use; the next use after the interval tries again.
                        logger.SigningKeyReloadFailed(ex.GetType().Name);
                    }
                });
            }

            return _keys;
        }
    }
}
