using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class AssertionReplayStore(IDbContextFactory<TokenServiceDbContext> contextFactory) : IAssertionReplayStore
{
    private static readonly DateTimeOffsetToBinaryConverter SqliteInstant = new();

    /// <summary>
    /// One <c>INSERT … ON CONFLICT DO NOTHING</c> (SQLite ≥ 3.24 and PostgreSQL): the primary key is the arbiter, across
    /// threads, processes and instances, and a replay is a row count of 0 — an expected refusal, not a failed command
    /// (no exception, so EF Core logs no error with a stack trace for it).
    /// </summary>
    public bool TryAdd(string assertionId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(assertionId);
        using var db = contextFactory.CreateDbContext();
        object instant = db.Database.IsSqlite() ? SqliteInstant.ConvertToProvider(expiresAt)! : expiresAt.ToUniversalTime();
        var inserted = db.Database.ExecuteSqlRaw(
            "INSERT INTO \"saml_assertion_replay\" (\"AssertionId\", \"ExpiresAt\") VALUES ({0}, {1}) ON CONFLICT (\"AssertionId\") DO NOTHING",
            assertionId,
            instant);
        return inserted == 1;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AssertionReplays.Where(x => x.ExpiresAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
