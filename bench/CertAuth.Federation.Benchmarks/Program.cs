using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CertAuth.Federation.Certificates.Revocation;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// Entry point.
/// <code>
/// dotnet run -c Release --project bench/CertAuth.Federation.Benchmarks -- --filter '*'          # everything
/// dotnet run -c Release --project bench/CertAuth.Federation.Benchmarks -- --filter '*Issuance*'  # one class
/// dotnet run -c Release --project bench/CertAuth.Federation.Benchmarks -- --quick --filter '*'  # CI: proves they run
/// dotnet run -c Release --project bench/CertAuth.Federation.Benchmarks -- --short --units-out m.tsv --filter '*Issuance*'  # bench/units.sh
/// dotnet run -c Release --project bench/CertAuth.Federation.Benchmarks -- crl-memory [entries]   # retained MB, cold load
/// </code>
/// </summary>
public static class Program
{
    private const string QuickVariable = "CERTAUTH_BENCH_QUICK";

    /// <summary>Quick mode (set by --quick, inherited by BenchmarkDotNet's child processes): small inputs, one iteration.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "crl-memory")
        {
            return CrlMemory.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        }

        var quick = args.Contains("--quick");
        if (quick)
        {
            Environment.SetEnvironmentVariable(QuickVariable, "1");
        }

        // In-process by default: BenchmarkDotNet's per-run project build takes minutes on a loaded 2-core machine;
        // --out-of-process restores the isolated child process.
        // --short (bench/units.sh): fewer iterations, for a bounded run of the units table; the medians are noisier.
        var job = quick
            ? Job.Dry.WithId("Quick")
            : args.Contains("--short")
                ? Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithId("Short")
                : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithId("Bench");
        if (!args.Contains("--out-of-process"))
        {
            job = job.WithToolchain(InProcessEmitToolchain.Instance);
        }

        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95, new SignatureUnitColumn())
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile)
            .WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
        var unitsOut = Array.IndexOf(args, "--units-out") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var remaining = WithSignatureUnit(args.Where((a, i) => a is not "--quick" and not "--out-of-process" and not "--short" and not "--units-out"
                                                             && (i == 0 || args[i - 1] != "--units-out")).ToArray());
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(remaining, config);
        if (unitsOut is not null)
        {
            WriteMedians(unitsOut, summaries);
        }

        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>
    /// <c>--units-out file</c>: one line per benchmark, "class TAB description TAB median ns", for bench/units.sh (which
    /// divides by the <c>u</c> row and by each group's baseline).
    /// </summary>
    private static void WriteMedians(string path, IEnumerable<BenchmarkDotNet.Reports.Summary> summaries)
    {
        var lines = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Select(r => string.Join('\t', r.BenchmarkCase.Descriptor.Type.Name, r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,
                r.ResultStatistics!.Median.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllLines(path, lines);
    }

    /// <summary>
    /// Adds the signature-unit benchmark to a <c>--filter</c> so that every run measures <c>u</c> beside the rows it was
    /// asked for (the <c>u</c> column divides by it). Without a filter BenchmarkDotNet asks interactively, as before.
    /// </summary>
    internal static string[] WithSignatureUnit(string[] args)
    {
        var filter = Array.IndexOf(args, "--filter");
        if (filter < 0 || args.Any(a => a.Contains(nameof(SignatureUnitBenchmarks), StringComparison.Ordinal)))
        {
            return args;
        }

        return [.. args[..(filter + 1)], "*" + nameof(SignatureUnitBenchmarks) + "*", .. args[(filter + 1)..]];
    }
}

/// <summary>Retained memory and cold (first-call) load time of a large CRL: product against the plain pipeline.</summary>
internal static class CrlMemory
{
    public static int Run(int entries)
    {
        Console.WriteLine($"Generating a CRL of {entries:N0} entries...");
        var inputs = CrlInputs.Get(entries);
        Console.WriteLine($"DER size: {inputs.Der.Length / 1048576.0:F1} MiB");

        var product = Measure(() =>
        {
            var crl = CrlParser.Parse(inputs.Der);
            return CrlSignatureVerifier.Verify(crl, inputs.Pki.IssuingCa) is null ? crl : throw new InvalidOperationException("CRL rejected");
        });
        var plain = Measure(() => PlainCrlLoader.Load(inputs.Der, inputs.Pki.IssuingCa));
        Console.WriteLine($"product: load median {product.MedianMs:F0} ms (runs: {string.Join(", ", product.Runs.Select(r => r.ToString("F0")))}), retained {product.RetainedMb:F1} MB");
        Console.WriteLine($"plain:   load median {plain.MedianMs:F0} ms (runs: {string.Join(", ", plain.Runs.Select(r => r.ToString("F0")))}), retained {plain.RetainedMb:F1} MB");
        Console.WriteLine($"ratio (product/plain): time {product.MedianMs / plain.MedianMs:F2}, retained {product.RetainedMb / plain.RetainedMb:F2}");
        return 0;
    }

    private static object? _held;

    private static (double MedianMs, double[] Runs, double RetainedMb) Measure(Func<object> load)
    {
        var runs = new double[5];
        double retained = 0;
        for (var i = 0; i < runs.Length; i++)
        {
            _held = null;
            var before = Settle();
            var stopwatch = Stopwatch.StartNew();
            _held = load();
            stopwatch.Stop();
            runs[i] = stopwatch.Elapsed.TotalMilliseconds;
            retained = (Settle() - before) / 1e6;
        }

        _held = null;

        var sorted = runs.Order().ToArray();
        return (sorted[sorted.Length / 2], runs, retained);
    }

    private static long Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
