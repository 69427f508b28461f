using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Storage.Tests;

/// <summary>
/// Every SQLite connection the stores open runs in write-ahead-log mode, with <c>synchronous=NORMAL</c> by default and
/// <c>FULL</c> when <see cref="StorageOptions.SqliteDurableCommits"/> is set (the durability trade-off is documented there),
/// and with SQLite's own busy timeout (a waiting writer wakes when the lock is released, not 150 ms later).
/// </summary>
public sealed class SqliteSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-sqlite-settings-" + Guid.NewGuid().ToString("N"));

    public SqliteSettingsTests() => Directory.CreateDirectory(_folder);

    [Theory]
    [InlineData(false, 1L)]
    [InlineData(true, 2L)]
    public async Task Connections_RunInWalMode_WithTheConfiguredSynchronousLevel(bool durable, long expectedSynchronous)
    {
        var services = new ServiceCollection();
        services.AddFederationStorage(new StorageOptions { ConnectionString = "Data Source=" + Path.Combine(_folder, durable + ".db"), SqliteDurableCommits = durable }, _folder);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().InitializeAsync();

        // The settings are applied once per native connection (the pool keeps it open across Open/Close): the reopened
        // pooled connection still has them, and so does a new native connection after the pool was cleared.
        var factory = provider.GetRequiredService<IDbContextFactory<FederationDbContext>>();
        var handles = new List<object?>();
        for (var open = 0; open < 3; open++)
        {
            if (open == 2)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            await using var db = await factory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            handles.Add(((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).Handle);
            Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
            Assert.Equal(expectedSynchronous, await ScalarAsync(db, "PRAGMA synchronous;"));
            Assert.Equal(30_000L, await ScalarAsync(db, "PRAGMA busy_timeout;"));
            await db.Database.CloseConnectionAsync();
        }

        Assert.Same(handles[0], handles[1]);
        Assert.NotSame(handles[1], handles[2]);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<object?> ScalarAsync(FederationDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
