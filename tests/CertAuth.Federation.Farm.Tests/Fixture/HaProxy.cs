using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>
/// HAProxy (Debian package <c>haproxy</c>) in the foreground (<c>-db</c>) as a child process, with a config generated
/// for the farm's ports (<see cref="WriteConfig"/>), and its admin socket for the servers' UP/DOWN state.
/// </summary>
public sealed class HaProxy : IDisposable
{
    private readonly string _folder;
    private Process? _process;

    public HaProxy(string folder) => _folder = folder;

    public string ConfigPath => Path.Combine(_folder, "haproxy.cfg");

    public string SocketPath => Path.Combine(_folder, "haproxy.sock");

    /// <summary>
    /// The farm's load balancer. Federation server: two HTTP frontends (public; certificate, where TLS ends and the
    /// client certificate goes on as RFC 9440 <c>Client-Cert</c>) over one backend of both nodes; token service: one
    /// HTTP frontend over its two nodes. Every backend: <c>balance roundrobin</c> with no stickiness (any node takes any
    /// step), health checks on the probes every second (down after 2 failures, up after 2 successes; a check may take 3 s, so a busy node is not taken for a dead one), <c>retries 3</c>
    /// with <c>option redispatch</c> (a connection that cannot be made goes to the other node) and <c>retry-on
    /// conn-failure</c> only: a request that reached a node is never replayed, so a refresh token is never redeemed twice
    /// by the balancer. Each response names the node that served it in <c>X-Farm-Node</c> (HAProxy's server name).
    /// </summary>
    public static string Config(FarmPorts ports, string tlsPem, string clientCas, string rootCa, string socket) => $"""
        global
            log stdout format raw local0 warning
            stats socket {socket} mode 600 level admin
            tune.ssl.default-dh-param 2048
        defaults
            mode http
            log global
            timeout connect 2s
            timeout client 30s
            timeout server 30s
            timeout http-keep-alive 10s
            timeout check 3s
            retries 3
            option redispatch 1
            retry-on conn-failure
        frontend federation_public
            bind 127.0.0.1:{ports.FederationPublic} ssl crt {tlsPem} alpn http/1.1
            http-request del-header Client-Cert
            default_backend federation_nodes
        frontend federation_certificate
            bind 127.0.0.1:{ports.FederationCertificate} ssl crt {tlsPem} ca-file {clientCas} verify optional crt-ignore-err all ca-ignore-err all alpn http/1.1
            http-request del-header Client-Cert
            http-request set-header Client-Cert ":%[ssl_c_der,base64]:" if {"{ ssl_c_used }"}
            default_backend federation_nodes
        backend federation_nodes
            balance roundrobin
            option httpchk GET /adfs/probe
            http-check expect status 200
            http-response set-header X-Farm-Node %s
            default-server ssl verify required ca-file {rootCa} check inter 1s fall 2 rise 2
            server fed-a 127.0.0.1:{ports.FederationA}
            server fed-b 127.0.0.1:{ports.FederationB}
        frontend token_service
            bind 127.0.0.1:{ports.TokenService} ssl crt {tlsPem} alpn http/1.1
            default_backend token_service_nodes
        backend token_service_nodes
            balance roundrobin
            option httpchk GET /probe
            http-check expect status 200
            http-response set-header X-Farm-Node %s
            default-server ssl verify required ca-file {rootCa} check inter 1s fall 2 rise 2
            server ts-a 127.0.0.1:{ports.TokenServiceA}
            server ts-b 127.0.0.1:{ports.TokenServiceB}

        """;

    public async Task StartAsync(string config)
    {
        await File.WriteAllTextAsync(ConfigPath, config);
        var check = await RunAsync(["-c", "-q", "-f", ConfigPath]);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException("haproxy -c refused the generated config: " + check.Output);
        }

        var info = new ProcessStartInfo(Executable()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-db", "-f", ConfigPath })
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(Path.Combine(_folder, "haproxy.log"), append: true) { AutoFlush = true };
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 100 && !File.Exists(SocketPath); i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {_process.ExitCode}; see {_folder}/haproxy.log");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Each server's state from <c>show stat</c>: (backend, server) → <c>UP</c>, <c>DOWN</c>, <c>UP 1/2</c>...</summary>
    public async Task<Dictionary<string, string>> ServerStatesAsync()
    {
        var text = await CommandAsync("show stat");
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(',');
            if (fields.Length > 17 && !line.StartsWith('#') && fields[1] is not ("FRONTEND" or "BACKEND"))
            {
                states[fields[1]] = fields[17];
            }
        }

        return states;
    }

    /// <summary>Waits until every named server is UP in HAProxy (health checks passed).</summary>
    public async Task WaitUpAsync(IEnumerable<string> servers, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        var names = servers.ToList();
        Dictionary<string, string> states = [];
        while (DateTime.UtcNow < deadline)
        {
            states = await ServerStatesAsync();
            if (names.All(n => states.TryGetValue(n, out var s) && s == "UP"))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("HAProxy servers not UP: " + string.Join(", ", states.Select(s => s.Key + "=" + s.Value)));
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(5_000);
        }

        _process?.Dispose();
    }

    private async Task<string> CommandAsync(string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"));
        var buffer = new byte[64 * 1024];
        var output = new StringBuilder();
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            output.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return output.ToString();
    }

    private static string Executable() => File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] arguments)
    {
        var info = new ProcessStartInfo(Executable()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start haproxy (./test.sh installs it).");
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>The farm's loopback ports: HAProxy's three frontends and the four nodes.</summary>
public sealed record FarmPorts(int FederationPublic, int FederationCertificate, int TokenService, int FederationA, int FederationB, int TokenServiceA, int TokenServiceB);
