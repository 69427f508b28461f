using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage;
using Microsoft.Extensions.Hosting;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// Start-up work before the first request: schema (incl. tables added since) and seed (requests wait on
/// <see cref="Ready"/>), then every configured CA's CRL loaded in the background (<see cref="CrlPreloader"/>, used by
/// refresh-token redemption). <c>/probe</c> reports not-ready until both are done (<see cref="IsReady"/>).
/// </summary>
internal sealed class TokenServiceInitializer(StorageInitializer storage, TokenServiceSeeder seeder, CrlPreloader crls, ITokenSigningKeys signingKeys) : IHostedService, IDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    public Task Ready => _ready.Task;

    /// <summary>Schema and seed done, and the start-up CRL load finished (each CA loaded or definitively failed, logged).</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully && crls.Completion.IsCompletedSuccessfully;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The token service's own store: no table of it is the federation server's, so no coordination with it.
            await storage.InitializeAsync(cancellationToken);

            await seeder.SeedAsync(cancellationToken);
            if (signingKeys is StoredTokenSigningKeys stored)
            {
                // Issue 13: a first signing key in an empty store, then every node's key ring loaded before the first request.
                await stored.InitializeAsync(cancellationToken);
            }

            _ready.TrySetResult();
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }

        // Not awaited: the listener opens (and the probe answers 503) while the CRLs load.
        _ = Task.Run(() => crls.PreloadAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();
}
