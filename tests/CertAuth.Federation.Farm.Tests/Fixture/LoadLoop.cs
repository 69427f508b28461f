using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CertAuth.Federation.Farm.Tests.Fixture;

/// <summary>
/// A bounded load through HAProxy: a few workers, each signing in (the whole browserless flow) and then redeeming its
/// refresh token a few times, keeping every rotated one, until the duration is over. A refresh that got no answer, a
/// 502/503/504 or a 503 with a code is tried again with the same token (nothing was spent, or the caller cannot know);
/// a refresh token refused as used or revoked (a rotation whose reply was lost) makes the worker sign in again. Every
/// operation is recorded with its time (from the run's start, for the figures only) and its answers.
/// </summary>
public sealed class LoadLoop
{
    private const int RefreshesPerSignIn = 4;
    private readonly FarmFixture _farm;
    private readonly ConcurrentQueue<Operation> _operations = new();
    // Real time on purpose (the figures say when errors stopped after a real kill or restart); read from TimeProvider.System.
    private readonly long _started = TimeProvider.System.GetTimestamp();

    private LoadLoop(FarmFixture farm, int workers)
    {
        _farm = farm;
        LastRefreshTokens = new string?[workers];
        Families = new ConcurrentBag<string>();
    }

    /// <summary>One operation: a whole sign-in or one refresh, and every answer it got.</summary>
    public sealed record Operation(int Worker, TimeSpan At, string Name, bool Ok, IReadOnlyList<StepAnswer> Answers)
    {
        /// <summary>The failing answer's kind (the last one), for the figures.</summary>
        public string? ErrorKind => Ok ? null : Answers.Count > 0 ? Answers[^1].Kind : Name + ": failed";
    }

    public IReadOnlyCollection<Operation> Operations => _operations;

    /// <summary>Each worker's current refresh token when the load stopped (null: it had none).</summary>
    public string?[] LastRefreshTokens { get; }

    /// <summary>Every first refresh token a sign-in produced (one per family).</summary>
    public ConcurrentBag<string> Families { get; }

    public TimeSpan Now => TimeProvider.System.GetElapsedTime(_started);

    /// <summary>Runs <paramref name="workers"/> workers until <paramref name="stop"/> is cancelled.</summary>
    public static (LoadLoop Loop, Task Running) Start(FarmFixture farm, int workers, CancellationToken stop)
    {
        var loop = new LoadLoop(farm, workers);
        var running = Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => loop.WorkAsync(w, stop))));
        return (loop, running);
    }

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        using var client = _farm.CreateClient();
        string? refresh = null;
        var refreshes = 0;
        while (!stop.IsCancellationRequested)
        {
            if (refresh is null || refreshes >= RefreshesPerSignIn)
            {
                try
                {
                    var tokens = await FarmFlows.SignInAsync(_farm);
                    _operations.Enqueue(new Operation(worker, Now, "sign-in", true, tokens.Steps));
                    refresh = tokens.RefreshToken;
                    Families.Add(refresh);
                    refreshes = 0;
                }
                catch (FarmStepException failed)
                {
                    _operations.Enqueue(new Operation(worker, Now, "sign-in", false, [failed.Answer]));
                    await Task.Delay(100, CancellationToken.None);
                }
            }
            else
            {
                var result = await FarmFlows.RefreshAsync(client, _farm.TokenServiceUrl, refresh);
                _operations.Enqueue(new Operation(worker, Now, "refresh", result.Answer.Status == 200, [result.Answer]));
                if (result.RefreshToken is not null)
                {
                    refresh = result.RefreshToken;
                    refreshes++;
                }
                else if (result.Answer.Code is "CAT700085" or "CAT700086")
                {
                    refresh = null;
                }
                else
                {
                    await Task.Delay(100, CancellationToken.None);
                }
            }

            LastRefreshTokens[worker] = refresh;
        }
    }

    /// <summary>Waits until <paramref name="count"/> sign-ins succeeded (at most <paramref name="bound"/>), so the fault meets a running load.</summary>
    public async Task WaitForSignInsAsync(int count, TimeSpan bound)
    {
        var deadline = Now + bound;
        while (_operations.Count(o => o.Ok && o.Name == "sign-in") < count && Now < deadline)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Every answer with an HTTP 500 (none is allowed: a node's failure must be a 503 with a code or HAProxy's own answer).</summary>
    public IEnumerable<StepAnswer> Answers500 => _operations.SelectMany(o => o.Answers).Where(a => a.Status == 500);

    /// <summary>The figures of the run: operations, errors by kind, and the errors' time span relative to <paramref name="fault"/>.</summary>
    public string Summary(TimeSpan fault, string faultName)
    {
        var operations = _operations.OrderBy(o => o.At).ToList();
        var errors = operations.Where(o => !o.Ok).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"- operations: {operations.Count} ({operations.Count(o => o.Name == "sign-in")} sign-ins, {operations.Count(o => o.Name == "refresh")} refreshes), {errors.Count} failed");
        text.AppendLine(CultureInfo.InvariantCulture, $"- served by: {string.Join(", ", operations.SelectMany(o => o.Answers).Where(a => a.Node is not null).GroupBy(a => a.Node).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))} answers");
        foreach (var kind in errors.GroupBy(e => e.ErrorKind).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- error `{kind.Key}`: {kind.Count()}");
        }

        if (errors.Count > 0)
        {
            var first = errors[0].At - fault;
            var last = errors[^1].At - fault;
            text.AppendLine(CultureInfo.InvariantCulture, $"- first error {first.TotalSeconds:F2} s, last error {last.TotalSeconds:F2} s after {faultName}; 0 errors from then on");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- no failed operation after {faultName}");
        }

        return text.ToString().TrimEnd();
    }
}
