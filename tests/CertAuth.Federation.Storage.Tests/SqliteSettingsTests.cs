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

        await using var db = await provider.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
        Assert.Equal(expectedSynchronous, await ScalarAsync(db, "PRAGMA synchronous;"));
        Assert.Equal(30_000L, await ScalarAsync(db, "PRAGMA busy_timeout;"));
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
