using CertAuth.Federation.Farm.Tests.Fixture;
using Xunit.Abstractions;

namespace CertAuth.Federation.Farm.Tests;

/// <summary>
/// Issue 13 item 6: one refresh token redeemed at the same moment on both token-service nodes (directly, not through
/// HAProxy). The product's policy (RefreshTokenGrant, RFC 9700 §4.14.2): the rotation is one conditional update, so
/// exactly one redemption wins; the other is reuse (CAT700085), which revokes the whole family — so the winner's new
/// refresh token is then refused as revoked (CAT700086), and no token of the family stays usable in the store.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class ConcurrentRefreshTests(FarmFixture farm, ITestOutputHelper output)
{
    private const int Trials = 20;

    [Fact]
    public async Task OneRefreshTokenOnTwoNodesAtOnce_ExactlyOneWins_AndTheReuseRevokesTheFamily()
    {
        await farm.EnsureAllUpAsync();
        using var toA = farm.CreateClient();
        using var toB = farm.CreateClient();
        using var viaBalancer = farm.CreateClient();
        var winners = new Dictionary<string, int>(StringComparer.Ordinal) { ["ts-a"] = 0, ["ts-b"] = 0 };

        for (var trial = 0; trial < Trials; trial++)
        {
            var tokens = await FarmFlows.SignInAsync(farm);
            var family = FamilyOf(tokens.RefreshToken);

            // Both connections are open before the race, so the two requests leave together.
            await Task.WhenAll(toA.GetAsync(farm.TokenServiceA.ProbeUrl), toB.GetAsync(farm.TokenServiceB.ProbeUrl));
            using var start = new SemaphoreSlim(0, 2);
            var onA = RedeemWhenReleasedAsync(toA, farm.TokenServiceA.BaseUrl, tokens.RefreshToken, start);
            var onB = RedeemWhenReleasedAsync(toB, farm.TokenServiceB.BaseUrl, tokens.RefreshToken, start);
            start.Release(2);
            var results = await Task.WhenAll(onA, onB);

            var won = results.Where(r => r.Answer.Status == 200).ToList();
            var lost = results.Where(r => r.Answer.Status != 200).ToList();
            Assert.True(won.Count == 1, $"trial {trial}: {string.Join(", ", results.Select(r => r.Answer.Kind))}");
            Assert.Equal(400, lost.Single().Answer.Status);
            Assert.Equal("CAT700085", lost.Single().Answer.Code);
            winners[won[0] == results[0] ? "ts-a" : "ts-b"]++;

            // The reuse revoked the family: the winner's new token is refused as revoked, on either node.
            var after = await FarmFlows.RefreshAsync(viaBalancer, farm.TokenServiceUrl, won[0].RefreshToken!);
            Assert.Equal(400, after.Answer.Status);
            Assert.Equal("CAT700086", after.Answer.Code);
            Assert.Equal(0, UsableTokens(family));
        }

        var line = $"concurrent redemption of one refresh token on ts-a and ts-b, {Trials} trials: exactly one 200 per trial "
                   + $"(won by ts-a {winners["ts-a"]}, ts-b {winners["ts-b"]}), the other 400 CAT700085, then the winner's token 400 CAT700086; 0 usable tokens left per family";
        output.WriteLine(line);
        FarmFigures.Record("Concurrent refresh on two nodes", line);
    }

    private static async Task<FarmFlows.RefreshResult> RedeemWhenReleasedAsync(HttpClient client, Uri node, string token, SemaphoreSlim start)
    {
        await start.WaitAsync();
        return await FarmFlows.RefreshAsync(client, node, token);
    }

    private string FamilyOf(string refreshToken)
    {
        using var db = farm.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT \"FamilyId\" FROM refresh_tokens WHERE \"TokenHash\" = @hash";
        command.Parameters.AddWithValue("hash", FarmFlows.Hash(refreshToken));
        return command.ExecuteScalar() as string ?? throw new InvalidOperationException("The refresh token is not in the store.");
    }

    private long UsableTokens(string family)
    {
        using var db = farm.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM refresh_tokens WHERE \"FamilyId\" = @family AND \"UsedAt\" IS NULL AND \"RevokedAt\" IS NULL";
        command.Parameters.AddWithValue("family", family);
        return (long)command.ExecuteScalar()!;
    }
}
