using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.LoadDriver.Startup;

/// <summary>
/// Issue #7 item 3, against the real product (Release build, separate process):
/// <list type="number">
/// <item>start-up: process start → <c>/adfs/probe</c> 200 → first successful certificate sign-in, with a CRL of
/// <c>--entries</c> entries configured, beside the same start-up with a tiny CRL (<c>--baseline-entries</c>) in the
/// same run; <c>--runs</c> start-ups each, medians reported;</item>
/// <item>swap: keep-alive sign-ins for <c>--swap-seconds</c> (the normal p99), then a new CRL of the same size (next
/// CRL number) is published and <c>certauth ca crl-refresh &lt;issuing CA&gt;</c> asks the server to refresh; the swap
/// window runs from the server's download request to its "CRL refreshed on request" log line (+0.5 s for the
/// garbage collection that follows); its p99 is compared with the normal p99.</item>
/// </list>
/// </summary>
public static class StartupScenario
{
    private static readonly TimeSpan ReadyBound = TimeSpan.FromMinutes(2);
    private static readonly CultureInfo F = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(StartupOptions options)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine(SignatureUnit.Measure());
        var crls = new StartupCrls(options.PkiDirectory);
        var tls = new Tls(DriverOptions.Parse(["signin",
            "--cert", Path.Combine(options.PkiDirectory, "alice.pem"), "--key", Path.Combine(options.PkiDirectory, "alice.key.pem"),
            "--root-ca", Path.Combine(options.PkiDirectory, "root-ca.pem")]));
        await using var server = await LoopbackCrlServer.StartAsync();

        var generation = Stopwatch.StartNew();
        var baseline = crls.Create(options.BaselineEntries, seed: 1);
        var large = crls.Create(options.Entries, seed: 2);
        Console.WriteLine(string.Create(F, $"CRLs generated in {generation.Elapsed.TotalSeconds:F1} s: {options.Entries:N0} entries = {large[StartupCrls.Issuing].Length / 1048576.0:F1} MiB DER; baseline {options.BaselineEntries:N0} entries"));

        var timings = new Dictionary<string, List<Timing>>(StringComparer.Ordinal) { ["baseline"] = [], ["large"] = [], ["on-disk"] = [] };
        ProductProcess? kept = null;
        try
        {
            for (var run = 1; run <= options.Runs; run++)
            {
                // "large" starts with an empty CRL archive and fills it; "on-disk" (issue 16) then starts with the same
                // CRL already in that archive (re-verified, fresh): ready before the download, which follows behind.
                var archive = Path.Combine(Path.GetTempPath(), "certauth-startup-archive-" + Guid.NewGuid().ToString("N"));
                var labels = options.WithArchive
                    ? new[] { ("baseline", baseline), ("large", large), ("on-disk", large) }
                    : new[] { ("baseline", baseline), ("large", large) };
                foreach (var (label, set) in labels)
                {
                    foreach (var (name, bytes) in set)
                    {
                        server.Publish(name, bytes);
                    }

                    var product = ProductProcess.Start(options.HostDll, server, label == "baseline" ? null : archive);
                    var timing = await MeasureStartupAsync(product, tls);
                    timings[label].Add(timing);
                    Console.WriteLine(string.Create(F, $"  run {run} {label,-8}: listening {timing.Listening.TotalMilliseconds,6:F0} ms, probe ready {timing.Ready.TotalMilliseconds,6:F0} ms, first sign-in {timing.FirstSignIn.TotalMilliseconds,6:F0} ms (server's CRL load: {timing.ServerCrlLoad})"));
                    if (options.ShowServerLog)
                    {
                        Console.WriteLine(string.Join(Environment.NewLine, product.Timeline()));
                    }

                    var keep = label == (options.WithArchive ? "on-disk" : "large") && run == options.Runs && options.SwapNormal > TimeSpan.Zero;
                    if (keep)
                    {
                        kept = product;
                    }
                    else
                    {
                        product.Dispose();
                    }
                }

                if (kept is null || run < options.Runs)
                {
                    TryDelete(archive);
                }
            }

            Report(timings, options);
            Console.WriteLine($"load average after start-ups: {File.ReadAllText("/proc/loadavg").Trim()}");
            if (kept is not null)
            {
                // The on-disk start-up downloads its CRL behind the archive: the swap measures from after that download.
                for (var wait = 0; options.WithArchive && wait < 1200 && kept.FindLine(string.Create(F, $", {options.Entries} entries.")) is null; wait++)
                {
                    await Task.Delay(100);
                }

                var replacement = crls.Create(options.Entries, seed: 3);
                await SwapMeasurement.RunAsync(options, tls, server, kept, replacement, crls.IssuingId);
            }
        }
        finally
        {
            kept?.Dispose();
        }

        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>One certificate sign-in on fresh connections (as a first user would): returns null or what went wrong.</summary>
    public static async Task<string?> SignInOnceAsync(Tls tls, ProductProcess product)
    {
        using var federation = new HttpClient(tls.CreateHandler(withClientCertificate: false, keepAlive: true, connections: 1)) { Timeout = TimeSpan.FromSeconds(30) };
        using var certificate = new HttpClient(tls.CreateHandler(withClientCertificate: true, keepAlive: true, connections: 1)) { Timeout = TimeSpan.FromSeconds(30) };
        var location = await SealedContextAsync(federation, product);
        using var response = await certificate.GetAsync(location);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode != HttpStatusCode.OK ? $"HTTP {(int)response.StatusCode}"
            : body.Contains("name=\"SAMLResponse\"", StringComparison.Ordinal) ? null : "200 without a SAMLResponse form";
    }

    /// <summary>The IdP-initiated URL's redirect to the certificate listener (a sealed sign-in context).</summary>
    public static async Task<Uri> SealedContextAsync(HttpClient federation, ProductProcess product)
    {
        var start = new Uri(product.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString("https://localhost:44301/"));
        using var redirect = await federation.GetAsync(start);
        return redirect.StatusCode == HttpStatusCode.Redirect && redirect.Headers.Location is { } location
            ? new Uri(start, location)
            : throw new InvalidOperationException($"{start} answered {(int)redirect.StatusCode}, not a redirect to the certificate listener.");
    }

    private static async Task<Timing> MeasureStartupAsync(ProductProcess product, Tls tls)
    {
        using var probe = new HttpClient(tls.CreateHandler(withClientCertificate: false, keepAlive: false, connections: 1)) { Timeout = TimeSpan.FromSeconds(5) };
        var (listening, ready) = await product.WaitReadyAsync(probe, ReadyBound);
        var error = await SignInOnceAsync(tls, product);
        var signedIn = Stopwatch.GetElapsedTime(product.StartedAt);
        if (error is not null)
        {
            throw new InvalidOperationException($"The first sign-in failed ({error}); see {product.Folder}/product.log.");
        }

        var crlLoad = product.FindLine("Start-up CRL load finished")?.Line.Trim() ?? "(no log line)";
        var elapsed = System.Text.RegularExpressions.Regex.Match(crlLoad, @"in (\d+) ms");
        return new Timing(listening, ready, signedIn, elapsed.Success ? elapsed.Groups[1].Value + " ms" : crlLoad);
    }

    private static void Report(Dictionary<string, List<Timing>> timings, StartupOptions options)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        var b = timings["baseline"];
        foreach (var (label, title) in new[] { ("large", "no CRL on disk"), ("on-disk", "the same CRL already on disk (Federation:Crl:ArchiveDirectory)") })
        {
            var l = timings[label];
            if (l.Count == 0)
            {
                continue;
            }

            Console.WriteLine(string.Create(F, $"start-up [{label}], {title}, median of {options.Runs} (ratio = {options.Entries:N0}-entry CRL / {options.BaselineEntries:N0}-entry CRL, same run):"));
            foreach (var (name, pick) in new (string, Func<Timing, TimeSpan>)[] { ("listening", t => t.Listening), ("probe ready", t => t.Ready), ("first sign-in", t => t.FirstSignIn) })
            {
                var large = Median(l.Select(t => pick(t).TotalMilliseconds));
                var small = Median(b.Select(t => pick(t).TotalMilliseconds));
                Console.WriteLine(string.Create(F, $"  {name,-14} {large,7:F0} ms   baseline {small,7:F0} ms   ratio {large / small:F2}"));
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder; left behind.
        }
    }

    private sealed record Timing(TimeSpan Listening, TimeSpan Ready, TimeSpan FirstSignIn, string ServerCrlLoad);
}
