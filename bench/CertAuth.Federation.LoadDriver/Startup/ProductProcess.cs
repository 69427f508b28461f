using System.Diagnostics;
using System.Net;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.LoadDriver.Startup;

/// <summary>
/// The product (<c>dotnet CertAuth.Federation.Host.dll --role federation</c>, a Release build) started for one
/// measurement: its own loopback ports, a fresh SQLite database and data-protection keys in a temp folder, the dev PKI
/// turned off (its CRL server would collide), the trusted CAs' CRL URLs pointed at <see cref="LoopbackCrlServer"/>, and
/// the CRL size limit raised to 64 MiB (a 1,000,000-entry CRL is 40 MiB). Its console output goes to a log file that
/// the scenario watches for the CRL events.
/// </summary>
public sealed class ProductProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<(long Timestamp, string Line)> _lines = [];

    private ProductProcess(Process process, StreamWriter log, Uri publicUrl, Uri certificateUrl, string folder, long started)
    {
        _process = process;
        _log = log;
        PublicUrl = publicUrl;
        CertificateUrl = certificateUrl;
        Folder = folder;
        StartedAt = started;
    }

    public Uri PublicUrl { get; }

    public Uri CertificateUrl { get; }

    /// <summary>The temp folder with the database, keys and <c>product.log</c>.</summary>
    public string Folder { get; }

    /// <summary>Stopwatch timestamp taken just before <see cref="Process.Start()"/>.</summary>
    public long StartedAt { get; }

    public int Pid => _process.Id;

    /// <summary>The environment the product runs with (everything else comes from the repository's appsettings.json).</summary>
    /// <remarks>
    /// <paramref name="crlArchive"/> is <c>Federation:Crl:ArchiveDirectory</c> (issue 16, the last good CRL on disk): a
    /// folder shared by the start-ups that should find the CRL there, or null for one inside this start-up's own temp
    /// folder (empty at start: the start-up without an on-disk CRL).
    /// </remarks>
    public static Dictionary<string, string> Environment(Uri publicUrl, Uri certificateUrl, LoopbackCrlServer crls, string folder, string? crlArchive = null) => new(StringComparer.Ordinal)
    {
        ["Federation__Crl__ArchiveDirectory"] = crlArchive ?? Path.Combine(folder, "crl-archive"),
        ["DevPki__Enabled"] = "false",
        ["SampleApp__Enabled"] = "false",

        // The per-client-IP rate limits (issue #6) would throttle a load run from one loopback address.
        ["Federation__RateLimits__Enabled"] = "false",
        ["TokenService__RateLimits__Enabled"] = "false",
        ["Storage__ConnectionString"] = "Data Source=" + Path.Combine(folder, "certauth.db"),
        ["Federation__DataProtectionKeysPath"] = Path.Combine(folder, "keys"),
        ["Federation__PublicUrl"] = publicUrl.AbsoluteUri.TrimEnd('/'),
        ["Federation__CertificateSignInUrl"] = certificateUrl.AbsoluteUri.TrimEnd('/'),
        ["Federation__Crl__MaxCrlSizeBytes"] = (64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Federation__TrustedCertificateAuthorities__0__CrlDistributionPoint"] = crls.UrlOf(StartupCrls.Root).AbsoluteUri,
        ["Federation__TrustedCertificateAuthorities__1__CrlDistributionPoint"] = crls.UrlOf(StartupCrls.Issuing).AbsoluteUri,
        ["Federation__TrustedCertificateAuthorities__1__DeltaCrlDistributionPoint"] = crls.UrlOf(StartupCrls.IssuingDelta).AbsoluteUri,
    };

    public static ProductProcess Start(string hostDll, LoopbackCrlServer crls, string? crlArchive = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "certauth-startup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // Two free ports, never the same one twice (the OS may hand back a port it has just freed).
        var publicPort = LoopbackPort.Next();
        var certificatePort = LoopbackPort.Next();
        while (certificatePort == publicPort)
        {
            certificatePort = LoopbackPort.Next();
        }

        var publicUrl = new Uri($"https://localhost:{publicPort}");
        var certificateUrl = new Uri($"https://localhost:{certificatePort}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(hostDll);
        info.ArgumentList.Add("--role");
        info.ArgumentList.Add("federation");
        foreach (var (name, value) in Environment(publicUrl, certificateUrl, crls, folder, crlArchive))
        {
            info.Environment[name] = value;
        }

        var log = new StreamWriter(Path.Combine(folder, "product.log")) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var started = Stopwatch.GetTimestamp();
        process.Start();
        var product = new ProductProcess(process, log, publicUrl, certificateUrl, folder, started);
        process.OutputDataReceived += (_, e) => product.Record(e.Data);
        process.ErrorDataReceived += (_, e) => product.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return product;
    }

    /// <summary>Polls <c>/adfs/probe</c> every 10 ms until 200; returns when it first answered at all and when it was ready.</summary>
    public async Task<(TimeSpan FirstAnswer, TimeSpan Ready)> WaitReadyAsync(HttpClient client, TimeSpan bound)
    {
        TimeSpan? first = null;
        var probe = new Uri(PublicUrl, "/adfs/probe");
        while (Stopwatch.GetElapsedTime(StartedAt) < bound)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The product exited with code {_process.ExitCode}; see {Folder}/product.log.");
            }

            try
            {
                using var response = await client.GetAsync(probe);
                first ??= Stopwatch.GetElapsedTime(StartedAt);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (first.Value, Stopwatch.GetElapsedTime(StartedAt));
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"The product was not ready within {bound.TotalSeconds:F0} s; see {Folder}/product.log.");
    }

    /// <summary>The first log line containing <paramref name="text"/> recorded after <paramref name="since"/>, with its timestamp.</summary>
    public (long Timestamp, string Line)? FindLine(string text, long since = 0)
    {
        lock (_lines)
        {
            foreach (var entry in _lines)
            {
                if (entry.Timestamp >= since && entry.Line.Contains(text, StringComparison.Ordinal))
                {
                    return entry;
                }
            }
        }

        return null;
    }

    /// <summary>Everything the product printed so far, each line prefixed with milliseconds since its start.</summary>
    public IEnumerable<string> Timeline()
    {
        lock (_lines)
        {
            return _lines.Select(l => $"{Stopwatch.GetElapsedTime(StartedAt, l.Timestamp).TotalMilliseconds,7:F0} ms | {l.Line}").ToList();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        lock (_lines)
        {
            _log.Dispose();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add((Stopwatch.GetTimestamp(), line));
            _log.WriteLine(line);
        }
    }
}
