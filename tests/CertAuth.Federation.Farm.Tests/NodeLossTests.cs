using CertAuth.Federation.Farm.Tests.Fixture;
using Xunit.Abstractions;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// Issue 13 item 6: kill -9 one federation-server node and one token-service node in the middle of a sign-in and
/// refresh load through HAProxy. Invariants: the survivors serve the load (every worker ends on a successful
/// operation, and a fresh sign-in plus refreshes succeed afterwards); no answer is a 500, and no answer from a surviving
/// node is a 5xx. Figures (printed, never asserted against a time): operations, errors by kind, and how long after the
/// kill the last error came.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class NodeLossTests(FarmFixture farm, ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KillingOneNodeOfEachRole_UnderLoad_TheSurvivorsServe_AndNoAnswerIs500()
    {
        await farm.EnsureAllUpAsync();
        using var stop = new CancellationTokenSource();
        var (load, running) = LoadLoop.Start(farm, Workers, stop.Token);
        TimeSpan killedAt;
        try
        {
            await load.WaitForSignInsAsync(Workers, Before);
            killedAt = load.Now;
            farm.FederationA.Kill();
            farm.TokenServiceA.Kill();
            await Task.Delay(After);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var summary = load.Summary(killedAt, "the kill -9 of fed-a and ts-a");
        output.WriteLine(summary);
        FarmFigures.Record("kill -9 of one node of each role under load", $"{Workers} workers; the kill after {Workers} successful sign-ins ({killedAt.TotalSeconds:F1} s into the load), load for {After.TotalSeconds:F0} s more.\n{summary}");

        Assert.Empty(load.Answers500);
        var fromSurvivors = load.Operations.SelectMany(o => o.Answers).Where(a => a.Node is "fed-b" or "ts-b").ToList();
        Assert.NotEmpty(fromSurvivors);
        Assert.All(fromSurvivors, a => Assert.True(a.Status < 500, "a surviving node answered " + a.Kind));

        // The errors stopped: each worker's last operation succeeded, and a new sign-in with refreshes works on the survivors.
        foreach (var worker in load.Operations.GroupBy(o => o.Worker))
        {
            var last = worker.OrderBy(o => o.At).Last();
            Assert.True(last.Ok, $"worker {worker.Key} ended on {last.ErrorKind}");
        }

        var tokens = await FarmFlows.SignInAsync(farm);
        using var client = farm.CreateClient();
        var refresh = tokens.RefreshToken;
        for (var i = 0; i < 3; i++)
        {
            var result = await FarmFlows.RefreshAsync(client, farm.TokenServiceUrl, refresh);
            Assert.Equal(200, result.Answer.Status);
            Assert.Equal("ts-b", result.Answer.Node);
            refresh = result.RefreshToken!;
        }

        // The killed nodes come back and HAProxy takes them in again (the next tests need them).
        await farm.EnsureAllUpAsync();
    }
}
