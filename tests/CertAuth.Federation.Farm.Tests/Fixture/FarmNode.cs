using System.Diagnostics;
using System.Net;

namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>
/// One node of the farm: <c>dotnet CertAuth.Federation.Host.dll --role federation|tokenservice</c> as a child process of
/// the test (so <see cref="Kill"/> is a real SIGKILL), listening on one loopback port (Kestrel:Endpoints), its console
/// output appended to <c>&lt;name&gt;.log</c> in the farm folder.
/// </summary>
public sealed class FarmNode : IDisposable
{
    private readonly string _hostDll;
    private readonly string _contentRoot;
    private readonly Func<bool, IReadOnlyDictionary<string, string>> _environment;
    private readonly object _logLock = new();
    private Process? _process;
    private StreamWriter? _log;

    /// <param name="environment">The node's settings when started with or without migrating (<see cref="FarmFixture.EnvironmentOf"/>): all of them, its listener included.</param>
    public FarmNode(string name, string role, int port, string hostDll, string contentRoot, Func<bool, IReadOnlyDictionary<string, string>> environment)
    {
        Name = name;
        Role = role;
        Port = port;
        _hostDll = hostDll;
        _contentRoot = contentRoot;
        _environment = environment;
    }

    public string Name { get; }

    /// <summary><c>federation</c> or <c>tokenservice</c>.</summary>
    public string Role { get; }

    public int Port { get; }

    public Uri BaseUrl => new($"https://127.0.0.1:{Port}");

    /// <summary>The readiness probe the load balancer polls.</summary>
    public Uri ProbeUrl => new(BaseUrl, Role == "federation" ? "/adfs/probe" : "/probe");

    public string LogPath => Path.Combine(_contentRoot, Name + ".log");

    public bool IsRunning => _process is { HasExited: false };

    public int? Pid => IsRunning ? _process!.Id : null;

    /// <summary>Starts the process (with <c>Storage:MigrateAtStartup</c> as given, through its settings) and waits for its probe to answer 200.</summary>
    public async Task StartAsync(bool migrate, HttpClient probeClient, TimeSpan bound)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(_hostDll);
        info.ArgumentList.Add("--role");
        info.ArgumentList.Add(Role);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(_contentRoot);
        foreach (var (key, value) in _environment(migrate))
        {
            info.Environment[key] = value;
        }

        lock (_logLock)
        {
            _log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
            _log.WriteLine($"---- starting {Name} ({Role}) on {BaseUrl} ----");
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} while starting:\n{Tail()}");
            }

            try
            {
                using var response = await probeClient.GetAsync(ProbeUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        var tail = Tail();
        Kill();
        throw new TimeoutException($"{Name} was not ready within {bound.TotalSeconds:F0} s:\n{tail}");
    }

    /// <summary>kill -9: the process gets no chance to finish its requests or close its connections.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit(10_000);
        }

        lock (_logLock)
        {
            _log?.WriteLine($"---- {Name} killed (SIGKILL) by the test ----");
        }
    }

    /// <summary>The last lines of the node's log (for failure messages).</summary>
    public string Tail(int lines = 80)
    {
        lock (_logLock)
        {
            _log?.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>The whole log so far.</summary>
    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }
}
