using CertAuth.Federation.Storage;
using Microsoft.Extensions.Hosting;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>Start-up work before the first request: schema (incl. tables added since) and seed.</summary>
internal sealed class TokenServiceInitializer(StorageInitializer storage, TokenServiceSeeder seeder) : IHostedService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await storage.InitializeAsync(cancellationToken);
            }
            catch (System.Data.Common.DbException)
            {
                // The federation server in the same process (or the CLI) created the schema at the same moment:
                // the second attempt finds the database and only adds what is missing.
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                await storage.InitializeAsync(cancellationToken);
            }

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
