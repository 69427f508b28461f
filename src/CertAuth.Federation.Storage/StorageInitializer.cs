using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>Creates the database and its schema when they do not exist yet.</summary>
public sealed class StorageInitializer(IDbContextFactory<CertAuthDbContext> contextFactory)
{
    /// <summary>Creates the SQLite folder if needed, then the schema; puts SQLite in write-ahead-log mode. Idempotent.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(dataSource);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        if (!await db.Database.EnsureCreatedAsync(cancellationToken))
        {
            // The database existed already: add the tables introduced since it was created (never alters existing ones).
            await SchemaUpgrader.CreateMissingTablesAsync(db, cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging persists in the file; commits then need no rollback journal (see StorageOptions.SqliteDurableCommits).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
