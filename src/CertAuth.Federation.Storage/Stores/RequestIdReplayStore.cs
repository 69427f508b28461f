using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// <see cref="IRequestIdReplayStore"/> on the federation store. The insert is one <c>INSERT … ON CONFLICT DO NOTHING</c>
/// (SQLite ≥ 3.24 and PostgreSQL) keyed by the SHA-256 of the replay key: the primary key is the arbiter across threads
/// and nodes, a replay is a row count of 0 (no read-then-write race, no exception). Expired rows are purged
/// opportunistically: at most once per <see cref="PurgeInterval"/> per node, an insert also deletes at most
/// <see cref="PurgeBatch"/> expired rows (bounded work per request); after a full batch the next insert purges again, so
/// a backlog shrinks by up to a batch per insert and the table holds about the rows of one request window.
/// The insert is never retried (a retry after a lost acknowledgement would report our own first attempt as a replay).
/// </summary>
internal sealed class RequestIdReplayStore(IDbContextFactory<FederationDbContext> contextFactory, TimeProvider timeProvider) : IRequestIdReplayStore
{
    /// <summary>How often a node purges expired rows (opportunistically, on an insert).</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    /// <summary>The most rows one purge deletes.</summary>
    public const int PurgeBatch = 1000;

    private static readonly DateTimeOffsetToBinaryConverter SqliteInstant = new();
    private long _nextPurgeTicks;

    public bool TryAdd(string key, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        int inserted;
        using (var db = contextFactory.CreateDbContext())
        {
            inserted = db.Database.ExecuteSqlRaw(
                "INSERT INTO \"fs_request_id_replay\" (\"KeyHash\", \"ExpiresAt\") VALUES ({0}, {1}) ON CONFLICT (\"KeyHash\") DO NOTHING",
                hash,
                Instant(db, expiresAt));
        }

        var now = timeProvider.GetUtcNow();
        var next = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks >= next && Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, next) == next
            && PurgeExpired(now, PurgeBatch) == PurgeBatch)
        {
            // A full batch: there may be more; the next insert purges again, so the purge keeps up with any insert rate.
            Interlocked.Exchange(ref _nextPurgeTicks, 0);
        }

        return inserted == 1;
    }

    public int PurgeExpired(DateTimeOffset before, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        using var db = contextFactory.CreateDbContext();

        // A bounded delete both providers understand (neither has DELETE … LIMIT in its default build).
        return db.Database.ExecuteSqlRaw(
            "DELETE FROM \"fs_request_id_replay\" WHERE \"KeyHash\" IN (SELECT \"KeyHash\" FROM \"fs_request_id_replay\" WHERE \"ExpiresAt\" < {0} LIMIT {1})",
            Instant(db, before),
            maxRows);
    }

    private static object Instant(DbContext db, DateTimeOffset instant) =>
        db.Database.IsSqlite() ? SqliteInstant.ConvertToProvider(instant)! : instant.ToUniversalTime();
}
