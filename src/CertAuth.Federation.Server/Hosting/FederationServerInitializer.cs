using CertAuth.Federation.Server.Configuration;
using CertAuth.Federation.Storage;
using Microsoft.Extensions.Hosting;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Start-up work before the first sign-in: create the schema, seed from configuration. Requests wait on
/// <see cref="Ready"/>; the probe reports not-ready until it completes.
/// </summary>
internal sealed class FederationServerInitializer(StorageInitializer storage, ConfigurationSeeder seeder) : IHostedService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
