using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CertAuth.Federation.Tests.Shared;

/// <summary>
/// A private, throwaway PostgreSQL server on loopback for tests that stop and restart it (issue 13, database outages):
/// its own data folder under the temp folder and its own port, started as ./test.sh starts the shared one (initdb with
/// trust authentication, run as the postgres user when the tests run as root). Never the shared CERTAUTH_TEST_POSTGRES.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PostgresCluster(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string of the cluster's <c>postgres</c> database, with short timeouts.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3;Command Timeout=10";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (./test.sh installs it).");
        var data = Path.Combine(Path.GetTempPath(), "certauth-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var cluster = new PostgresCluster(bin, data, port);
            if (IsRoot)
            {
                await RunAsync("chown", ["postgres", data]);
            }

            await cluster.RunAsPostgresAsync("initdb", ["-D", data, "-A", "trust", "-U", "postgres"]);
            await cluster.StartAgainAsync();
            return cluster;
        }
    }

    /// <summary>Starts the (stopped) server.</summary>
    public Task StartAgainAsync() => RunAsPostgresAsync("pg_ctl",
        ["-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-o", $"-p {Port} -k {_data} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]);

    /// <summary>Stops the server at once (immediate mode: open connections are cut, as in a crash).</summary>
    public Task StopAsync() => RunAsPostgresAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunAsPostgresAsync(string tool, string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]) : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
