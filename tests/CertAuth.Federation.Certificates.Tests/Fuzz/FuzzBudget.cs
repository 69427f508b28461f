using System.Diagnostics;
using CsCheck;

namespace CertAuth.Federation.Certificates.Tests.Fuzz;

/// <summary>
/// The fixed budget of the property and fuzz tests (docs/security.md, "Fuzzing"): each test names its iteration count,
/// so CI time stays bounded. <c>CERTAUTH_FUZZ_SCALE=10</c> multiplies every count for a longer local run;
/// <c>CERTAUTH_FUZZ_SEED=&lt;seed&gt;</c> replays the exact cases of a run (CsCheck prints the seed of a failure).
/// </summary>
internal static class FuzzBudget
{
    /// <summary>Upper bound on one case's time (a hang detector, not a benchmark: the first cases include JIT, and the whole suite shares 2 cores).</summary>
    public static readonly TimeSpan MaxTimePerCase = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound on the bytes one case may allocate.</summary>
    public const long MaxBytesPerCase = 64L * 1024 * 1024;

    private static long Scale => long.TryParse(Environment.GetEnvironmentVariable("CERTAUTH_FUZZ_SCALE"), out var s) && s > 0 ? s : 1;

    private static string? Seed => Environment.GetEnvironmentVariable("CERTAUTH_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    /// <summary>Runs <paramref name="property"/> on <paramref name="iterations"/> generated cases, one thread, each case bounded.</summary>
    public static void Run<T>(Gen<T> gen, long iterations, Action<T> property, Func<T, string>? print = null) =>
        gen.Sample(value => Bounded(() => property(value)), seed: Seed, iter: iterations * Scale, threads: 1, print: print);

    /// <summary>Runs <paramref name="action"/> and fails when it took longer or allocated more than one case may.</summary>
    public static void Bounded(Action action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        action();
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(clock.Elapsed < MaxTimePerCase, $"One case took {clock.Elapsed}.");
        Assert.True(allocated < MaxBytesPerCase, $"One case allocated {allocated} bytes.");
    }
}
