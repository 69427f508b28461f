using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CertAuth.Federation.Storage.Hosting;

/// <summary>
/// Key and certificate files are read once, at host start, not while services are registered (issue 12 item 7): a role
/// registers a load with <see cref="StartupLoadServiceCollectionExtensions.AddStartupLoad"/>, and this hosted service runs
/// every load in <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service (the web server
/// included) starts. A load that fails throws <see cref="StartupConfigurationException"/> and the host does not start.
/// </summary>
internal sealed class StartupLoadService(IServiceProvider services, IEnumerable<StartupLoad> loads) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var load in loads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            load.Run(services);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>One load run at host start (resolving a lazily-initialised singleton, so that it reads its files now).</summary>
public sealed class StartupLoad(string name, Action<IServiceProvider> run)
{
    /// <summary>What is loaded (for diagnostics).</summary>
    public string Name { get; } = name;

    internal void Run(IServiceProvider services) => run(services);
}

/// <summary>Registers start-up loads.</summary>
public static class StartupLoadServiceCollectionExtensions
{
    /// <summary>
    /// Runs <paramref name="run"/> once at host start, before any hosted service starts. Registration itself does no I/O.
    /// </summary>
    public static IServiceCollection AddStartupLoad(this IServiceCollection services, string name, Action<IServiceProvider> run)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new StartupLoad(name, run));
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(StartupLoadService)))
        {
            services.AddHostedService<StartupLoadService>();
        }

        return services;
    }
}
