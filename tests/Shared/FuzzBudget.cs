using CsCheck;

namespace CertAuth.Federation.Tests.Shared;

/// <summary>
/// The fixed budget of the property and fuzz tests (docs/security.md, "Fuzzing"): each test names its iteration count,
/// so CI time stays bounded. <c>CERTAUTH_FUZZ_SCALE=10</c> multiplies every count for a longer local run;
/// <c>CERTAUTH_FUZZ_SEED=&lt;seed&gt;</c> replays the exact cases of a run (CsCheck prints the seed of a failure).
/// One source file, compiled into each test project that fuzzes (linked from <c>tests/Shared</c>).
/// </summary>
internal static class FuzzBudget
{
    /// <summary>
    /// How long one case may run before it counts as a hang (a bound, not a speed measurement: the first cases include
    /// JIT, and the whole suite shares 2 cores). A hung case fails the test instead of stalling CI.
    /// </summary>
    public static readonly TimeSpan MaxTimePerCase = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound on the bytes one case may allocate.</summary>
    public const long MaxBytesPerCase = 64L * 1024 * 1024;

    private static long Scale => long.TryParse(Environment.GetEnvironmentVariable("CERTAUTH_FUZZ_SCALE"), out var s) && s > 0 ? s : 1;

    private static string? Seed => Environment.GetEnvironmentVariable("CERTAUTH_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    /// <summary>Runs <paramref name="property"/> on <paramref name="iterations"/> generated cases, one at a time, each case bounded.</summary>
    public static void Run<T>(Gen<T> gen, long iterations, Action<T> property, Func<T, string>? print = null) =>
        gen.Sample(value => Bounded(() => property(value)), seed: Seed, iter: iterations * Scale, threads: 1, print: print);

    /// <summary>
    /// Runs <paramref name="action"/> on a pool thread; fails when it has not finished within <see cref="MaxTimePerCase"/>
    /// or allocated more than <see cref="MaxBytesPerCase"/>. An exception of the action is rethrown as it is.
    /// </summary>
    public static void Bounded(Action action)
    {
        long allocated = 0;
        var run = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(MaxTimePerCase), $"One case did not finish within {MaxTimePerCase} (a hang).");
        run.GetAwaiter().GetResult();
        Assert.True(allocated < MaxBytesPerCase, $"One case allocated {allocated} bytes.");
    }
}
