using CertAuth.Federation.Farm.Tests.Fixture;
using Xunit.Abstractions;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// Issue 13 item 6: the farm's PostgreSQL (a private cluster) stopped at once (<c>pg_ctl -m immediate</c>, as a crash)
/// and started again during a sign-in and refresh load through HAProxy. Invariants: no answer is a 500 (nodes answer
/// 503 CAF1302 / CAT90033, or HAProxy answers 503 once the probes took every node out); the load recovers (every worker
/// ends on a success); and every refresh family in the store is consistent: no family with two usable tokens, no
/// rotated token still usable, no family lost, and each worker's last refresh token is redeemed or refused exactly as
/// the store says. Figures: errors by kind and when, relative to the restart.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class DatabaseRestartTests(FarmFixture farm, ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RestartingPostgreSql_UnderLoad_No500_Recovers_AndEveryRefreshFamilyIsConsistent()
    {
        await farm.EnsureAllUpAsync();
        using var stop = new CancellationTokenSource();
        var (load, running) = LoadLoop.Start(farm, Workers, stop.Token);
        TimeSpan stoppedAt, startedAt;
        try
        {
            await load.WaitForSignInsAsync(Workers, Before);
            stoppedAt = load.Now;
            await farm.Postgres.StopAsync();
            await Task.Delay(Outage);
            await farm.Postgres.StartAgainAsync();
            startedAt = load.Now;
            await Task.Delay(After);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var summary = load.Summary(startedAt, "PostgreSQL was back")
                      + $"\n- PostgreSQL down from {stoppedAt.TotalSeconds:F2} s to {startedAt.TotalSeconds:F2} s of the run ({(startedAt - stoppedAt).TotalSeconds:F2} s)";
        output.WriteLine(summary);

        Assert.Empty(load.Answers500);
        foreach (var worker in load.Operations.GroupBy(o => o.Worker))
        {
            var last = worker.OrderBy(o => o.At).Last();
            Assert.True(last.Ok, $"worker {worker.Key} ended on {last.ErrorKind}");
        }

        // Every error is an unavailability answer (node 503 with its code, HAProxy 503/502, no answer) or the refusal of a
        // refresh token whose rotation committed while its reply was lost.
        Assert.All(load.Operations.Where(o => !o.Ok).SelectMany(o => o.Answers.TakeLast(1)), a => Assert.True(
            a.Status is 0 or 502 or 503 or 504 || a.Code is "CAT700085" or "CAT700086",
            "unexpected error " + a.Kind));

        // The store: no family with two usable tokens; no token that was rotated (has a child) and is still usable.
        using var db = farm.OpenDatabase();
        Assert.Equal(0L, Scalar(db, """
            SELECT count(*) FROM (SELECT "FamilyId" FROM refresh_tokens WHERE "UsedAt" IS NULL AND "RevokedAt" IS NULL
            GROUP BY "FamilyId" HAVING count(*) > 1) f
            """));
        Assert.Equal(0L, Scalar(db, """
            SELECT count(*) FROM refresh_tokens p WHERE p."UsedAt" IS NULL AND p."RevokedAt" IS NULL
            AND EXISTS (SELECT 1 FROM refresh_tokens c WHERE c."ParentId" = p."Id")
            """));

        // No family lost: every sign-in's first token is still in the store.
        foreach (var first in load.Families)
        {
            Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM refresh_tokens WHERE \"TokenHash\" = @p", FarmFlows.Hash(first)));
        }

        // Each worker's last refresh token: redeemed when the store has it usable, else refused with the code the store implies.
        using var client = farm.CreateClient();
        var outcomes = new List<string>();
        foreach (var token in load.LastRefreshTokens.Where(t => t is not null).Cast<string>())
        {
            using var row = db.CreateCommand();
            row.CommandText = "SELECT \"UsedAt\" IS NOT NULL, \"RevokedAt\" IS NOT NULL FROM refresh_tokens WHERE \"TokenHash\" = @p";
            row.Parameters.AddWithValue("p", FarmFlows.Hash(token));
            bool used, revoked;
            using (var reader = row.ExecuteReader())
            {
                Assert.True(reader.Read(), "a worker's last refresh token is not in the store");
                used = reader.GetBoolean(0);
                revoked = reader.GetBoolean(1);
            }

            var result = await FarmFlows.RefreshAsync(client, farm.TokenServiceUrl, token);
            var expected = revoked ? (400, "CAT700086") : used ? (400, "CAT700085") : (200, (string?)null);
            Assert.Equal(expected, (result.Answer.Status, result.Answer.Code));
            outcomes.Add(result.Answer.Status == 200 ? "redeemed" : result.Answer.Code!);
        }

        var families = load.Families.Count;
        var consistency = $"- store afterwards: {families} families, none with two usable tokens, no rotated token usable, none lost; "
                          + $"workers' last tokens: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} {g.Key}"))}";
        output.WriteLine(consistency);
        FarmFigures.Record("PostgreSQL restart under load", $"{Workers} workers; PostgreSQL stopped with `pg_ctl -m immediate` after {Workers} successful sign-ins ({stoppedAt.TotalSeconds:F1} s into the load), started again {Outage.TotalSeconds:F0} s later, load for {After.TotalSeconds:F0} s more.\n{summary}\n{consistency}");
    }

    private static long Scalar(Npgsql.NpgsqlConnection db, string sql, string? parameter = null)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("p", parameter);
        }

        return (long)command.ExecuteScalar()!;
    }
}
