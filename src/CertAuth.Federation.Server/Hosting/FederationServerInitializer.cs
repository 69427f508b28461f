using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Server.Configuration;
using CertAuth.Federation.Storage;
using Microsoft.Extensions.Hosting;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Start-up work before the first sign-in: create the schema and seed from configuration (requests wait on
/// <see cref="Ready"/>), then load every configured CA's CRL in the background (<see cref="CrlPreloader"/>). The probe
/// reports not-ready until both are done (<see cref="IsReady"/>). A sign-in that arrives while a CRL is still loading
/// joins that download in the CRL cache.
/// </summary>
internal sealed class FederationServerInitializer(StorageInitializer storage, ConfigurationSeeder seeder, CrlPreloader crls) : IHostedService, IDisposable
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
            await storage.InitializeAsync(cancellationToken);
            await seeder.SeedAsync(cancellationToken);
            _ready.TrySetResult();
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }

        // Not awaited: the listeners open (and the probe answers 503) while the CRLs load.
        _ = Task.Run(() => crls.PreloadAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();
}
