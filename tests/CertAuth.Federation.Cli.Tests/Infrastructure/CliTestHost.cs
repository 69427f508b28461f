using CertAuth.Federation.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the real parser and handlers in-process against a temporary folder with its own appsettings.json and
/// SQLite file. Output is captured through injected writers; the clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class CliTestHost : IDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public CliTestHost()
    {
        Directory = Path.Combine(Path.GetTempPath(), "certauth-cli-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ConfigPath = Path.Combine(Directory, "appsettings.json");
        File.WriteAllText(ConfigPath, """
            {
              "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=data/test.db" },
              "DevPki": { "Directory": "certs-dev" }
            }
            """);
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public HttpMessageHandler? MetadataHttpHandler { get; set; }

    /// <summary>Runs <c>certauth --config &lt;temp&gt;/appsettings.json &lt;args&gt;</c>.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunRawAsync(["--config", ConfigPath, .. args]);

    /// <summary>Runs exactly <paramref name="args"/>, with the temp folder as the current directory.</summary>
    public async Task<CliResult> RunRawAsync(string[] args, IReadOnlyDictionary<string, string>? environmentVariables = null, string? currentDirectory = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Output = output,
            Error = error,
            TimeProvider = Time,
            CurrentDirectory = currentDirectory ?? Directory,
            GetEnvironmentVariable = name => environmentVariables?.GetValueOrDefault(name),
            DefaultActor = "tester@testhost",
            MetadataHttpHandler = MetadataHttpHandler,
        };
        var exitCode = await CliApplication.RunAsync(args, environment, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString(), environment.LastRefusalCode);
    }

    /// <summary>
    /// Both roles' stores over the same database, for arranging and asserting state directly. The kinds both roles have
    /// are keyed by <see cref="StoreRole"/>; unkeyed, the trusted-CA list, CRL state and refresh requests are the
    /// federation server's, and the audit log reads both roles' trails (newest first).
    /// </summary>
    public ServiceProvider OpenStorage()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ConfigPath).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddAdministrationStorage(configuration, Directory);
        services.AddSingleton(sp => sp.GetRequiredKeyedService<Storage.Stores.ITrustedAuthorityStore>(StoreRole.Federation));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<Storage.Stores.ICrlStateRepository>(StoreRole.Federation));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<Storage.Stores.ICrlRefreshRequestStore>(StoreRole.Federation));
        services.AddSingleton<Storage.Stores.IAuditLog>(sp => new BothAuditLogs(
            sp.GetRequiredKeyedService<Storage.Stores.IAuditLog>(StoreRole.Federation), sp.GetRequiredKeyedService<Storage.Stores.IAuditLog>(StoreRole.TokenService)));
        return services.BuildServiceProvider();
    }

    private sealed class BothAuditLogs(Storage.Stores.IAuditLog federation, Storage.Stores.IAuditLog tokenService) : Storage.Stores.IAuditLog
    {
        public Task WriteAsync(string actor, string action, string target, string? details = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Tests write through a role's keyed audit log.");

        public async Task<IReadOnlyList<Storage.Entities.AuditEntryRecord>> ListAsync(int take = 100, CancellationToken cancellationToken = default) =>
            (await federation.ListAsync(take, cancellationToken)).Concat(await tokenService.ListAsync(take, cancellationToken))
                .OrderByDescending(e => e.Timestamp).Take(take).ToList();
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
