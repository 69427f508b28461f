using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.LoadDriver.Startup;

/// <summary>
/// p99 of keep-alive certificate sign-ins while the server replaces a large CRL, against the p99 just before. The
/// refresh is asked for the way an administrator does (<c>certauth ca crl-refresh &lt;id&gt;</c>, which writes a request
/// the server polls every 2 s); the CLI's own run is excluded from both phases.
/// </summary>
public static class SwapMeasurement
{
    private static readonly CultureInfo F = CultureInfo.InvariantCulture;

    public static async Task RunAsync(
        StartupOptions options, Tls tls, LoopbackCrlServer server, ProductProcess product, IReadOnlyDictionary<string, byte[]> replacement, string issuingId)
    {
        using var federation = new HttpClient(tls.CreateHandler(withClientCertificate: false, keepAlive: true, connections: 2)) { Timeout = TimeSpan.FromSeconds(30) };
        using var certificate = new HttpClient(tls.CreateHandler(withClientCertificate: true, keepAlive: true, options.Concurrency)) { Timeout = TimeSpan.FromSeconds(30) };
        var contexts = new Uri[options.Concurrency];
        for (var i = 0; i < contexts.Length; i++)
        {
            contexts[i] = await StartupScenario.SealedContextAsync(federation, product);
        }

        var samples = new ConcurrentBag<(long Start, double Ms, bool Ok)>();
        using var stop = new CancellationTokenSource();
        var workers = contexts.Select(url => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    using var response = await certificate.GetAsync(url, stop.Token);
                    var body = await response.Content.ReadAsStringAsync(stop.Token);
                    ok = response.StatusCode == HttpStatusCode.OK && body.Contains("name=\"SAMLResponse\"", StringComparison.Ordinal);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                samples.Add((before, Stopwatch.GetElapsedTime(before).TotalMilliseconds, ok));
            }
        })).ToArray();

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3)); // warm-up, not recorded
            var normalStart = Stopwatch.GetTimestamp();
            await Task.Delay(options.SwapNormal);
            var normalEnd = Stopwatch.GetTimestamp();
            Console.WriteLine($"swap: normal phase done ({options.SwapNormal.TotalSeconds:F0} s); load average {File.ReadAllText("/proc/loadavg").Trim()}");

            foreach (var (name, bytes) in replacement)
            {
                server.Publish(name, bytes);
            }

            var requested = Stopwatch.GetTimestamp();
            await RequestRefreshAsync(options, product, issuingId);
            var cliDone = Stopwatch.GetTimestamp();
            var bound = Stopwatch.GetTimestamp() + (long)(60 * Stopwatch.Frequency);
            (long Timestamp, string Line)? refreshed = null;
            while (refreshed is null && Stopwatch.GetTimestamp() < bound)
            {
                await Task.Delay(20);
                refreshed = product.FindLine("CRL refreshed on request for " + issuingId, requested);
            }

            if (refreshed is not { } done)
            {
                throw new TimeoutException($"The server did not log the refresh within 60 s; see {product.Folder}/product.log.");
            }

            var downloadStart = server.LastRequestTimestamp("/crl/" + StartupCrls.Issuing) is { } d && d >= requested ? d : cliDone;
            var windowStart = Math.Max(downloadStart, cliDone);
            var windowEnd = done.Timestamp + (Stopwatch.Frequency / 2);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            var all = samples.ToArray();
            var normal = Phase(all, normalStart, normalEnd);
            var window = Phase(all, windowStart, windowEnd);
            Console.WriteLine($"  server: {done.Line.Trim()}");
            Console.WriteLine(string.Create(F, $"  swap window {Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalMilliseconds:F0} ms (server download request → refreshed log line + 500 ms)"));
            Console.WriteLine(string.Create(F, $"  normal: {normal.Count} sign-ins, {normal.Count / Stopwatch.GetElapsedTime(normalStart, normalEnd).TotalSeconds:F0}/s, p50 {Percentile(normal, 50):F2} ms, p99 {Percentile(normal, 99):F2} ms, errors {normal.Errors}"));
            Console.WriteLine(string.Create(F, $"  swap:   {window.Count} sign-ins, p50 {Percentile(window, 50):F2} ms, p99 {Percentile(window, 99):F2} ms, max {Percentile(window, 100):F2} ms, errors {window.Errors}"));
            Console.WriteLine(string.Create(F, $"  p99 during the swap / normal p99 = {Percentile(window, 99) / Percentile(normal, 99):F2} (target <= 2)"));
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private static async Task RequestRefreshAsync(StartupOptions options, ProductProcess product, string issuingId)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(options.CliDll);
        info.ArgumentList.Add("ca");
        info.ArgumentList.Add("crl-refresh");
        info.ArgumentList.Add(issuingId);
        info.Environment["Storage__ConnectionString"] = "Data Source=" + Path.Combine(product.Folder, "certauth.db");
        info.Environment["CERTAUTH_CONFIG"] = Path.GetFullPath("appsettings.json");
        using var cli = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Console.WriteLine($"  certauth ca crl-refresh {issuingId}: exit {cli.ExitCode}; {(await output).Trim()} {(await error).Trim()}");
        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException("certauth ca crl-refresh failed.");
        }
    }

    private static (List<double> Latencies, int Count, int Errors) Phase((long Start, double Ms, bool Ok)[] all, long from, long to)
    {
        var inPhase = all.Where(s => s.Start >= from && s.Start < to).ToArray();
        var latencies = inPhase.Select(s => s.Ms).Order().ToList();
        return (latencies, inPhase.Length, inPhase.Count(s => !s.Ok));
    }

    private static double Percentile((List<double> Latencies, int Count, int Errors) phase, double p)
    {
        var sorted = phase.Latencies;
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
