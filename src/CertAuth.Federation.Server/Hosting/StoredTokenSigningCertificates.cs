using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.Keys;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// The token-signing certificates in the federation store (<c>fs_token_signing_certificates</c>, issue 13 item 2), the
/// same on every node; the design of the token service's StoredTokenSigningKeys. At start-up an empty store gets the
/// configured <c>Federation:SigningCertificate</c> as its first primary. The state of each certificate is derived from
/// the rows and the clock (<see cref="TokenSigningCertificateSet"/>), so every node switches primary at the same
/// promotion time; each node re-reads the rows every <see cref="TokenSigningRolloverOptions.RefreshInterval"/> (on the
/// next use after it elapsed, in the background). A certificate the set does not make primary never signs, and the
/// primary is computed over every row (even one this node cannot open), so a node never falls back to a superseded key:
/// when it cannot open the primary it refuses to sign (fail closed, event 1451).
/// </summary>
public sealed class StoredTokenSigningCertificates(
    ITokenSigningCertificateStore store,
    IDataProtectionProvider dataProtection,
    IOptions<TokenSigningRolloverOptions> options,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<StoredTokenSigningCertificates> logger) : ITokenSigningCertificates
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, X509Certificate2?> _opened = new(StringComparer.Ordinal);
    private IReadOnlyList<TokenSigningCertificateRecord> _records = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private Task? _reload;

    public X509Certificate2 Primary
    {
        get
        {
            var primary = Classify().FirstOrDefault(c => c.State == TokenSigningCertificateState.Primary)
                ?? throw new InvalidOperationException("The store holds no primary token-signing certificate.");
            return Opened(primary.Record)
                ?? throw new InvalidOperationException($"The primary token-signing certificate {primary.Record.Thumbprint} cannot be opened on this node (event 1451).");
        }
    }

    public IReadOnlyList<X509Certificate2> Published
    {
        get
        {
            var published = new List<X509Certificate2>();
            foreach (var state in new[] { TokenSigningCertificateState.Primary, TokenSigningCertificateState.Secondary, TokenSigningCertificateState.Retired })
            {
                foreach (var certificate in Classify().Where(c => c.State == state))
                {
                    // Publishing needs only the public certificate; a row this node cannot open is still published.
                    published.Add(Opened(certificate.Record) ?? X509CertificateLoader.LoadCertificate(certificate.Record.Certificate));
                }
            }

            return published;
        }
    }

    /// <summary>The stored certificates with their state now.</summary>
    public IReadOnlyList<ClassifiedTokenSigningCertificate> Classify() =>
        TokenSigningCertificateSet.Classify(Snapshot(), clock.GetUtcNow(), options.Value.RetiredKeepPeriod);

    /// <summary>Puts the configured certificate in an empty store as its first primary, then loads the rows; throws when no primary can be opened.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if ((await store.ListAsync(cancellationToken)).Count == 0)
        {
            var configured = services.GetRequiredService<SigningCredentials>().TokenSigning;
            var now = clock.GetUtcNow();
            var record = TokenSigningCertificateMaterial.Create(dataProtection, configured, now, now, succeeds: null, createdBy: "import");
            try
            {
                await store.AddAsync(record, cancellationToken);
                logger.TokenSigningCertificateImported(record.Thumbprint);
            }
            catch (StoreConflictException)
            {
                // Another node imported the same file at the same moment.
            }
        }

        await ReloadAsync(cancellationToken);
        _ = Primary;
    }

    /// <summary>Re-reads the store now.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var records = await store.ListAsync(cancellationToken);
        foreach (var record in records)
        {
            lock (_gate)
            {
                if (_opened.ContainsKey(record.Thumbprint))
                {
                    continue;
                }
            }

            X509Certificate2? certificate;
            try
            {
                certificate = TokenSigningCertificateMaterial.Open(record, dataProtection);
            }
            catch (CryptographicException ex)
            {
                logger.TokenSigningCertificateUnusable(record.Thumbprint, ex.Message);
                certificate = null;
            }

            lock (_gate)
            {
                _opened[record.Thumbprint] = certificate;
            }
        }

        lock (_gate)
        {
            _records = records;
            _loadedAt = clock.GetUtcNow();
        }
    }

    private X509Certificate2? Opened(TokenSigningCertificateRecord record)
    {
        lock (_gate)
        {
            return _opened.GetValueOrDefault(record.Thumbprint);
        }
    }

    private IReadOnlyList<TokenSigningCertificateRecord> Snapshot()
    {
        lock (_gate)
        {
            if (clock.GetUtcNow() - _loadedAt >= options.Value.RefreshInterval && _reload is null or { IsCompleted: true })
            {
                _reload = Task.Run(async () =>
                {
                    try
                    {
                        await ReloadAsync();
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // The rows already loaded stay in use (their states still follow the clock); the next use tries again.
                        logger.TokenSigningCertificateReloadFailed(ex.GetType().Name);
                    }
                });
            }

            return _records;
        }
    }
}
