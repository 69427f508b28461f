using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Creates the database and its schema when they do not exist yet. Every caller of one instance shares one run (the
/// role's initializer and the CRL refresh watcher, which must not query before the schema exists); a failed run is
/// retried by the next caller.
/// </summary>
public sealed class StorageInitializer(IDbContextFactory<CertAuthDbContext> contextFactory)
{
    private readonly Lock _gate = new();
    private Task? _run;

    /// <summary>True once a run of <see cref="InitializeAsync"/> has succeeded.</summary>
    public bool IsInitialized => _run is { IsCompletedSuccessfully: true };

    /// <summary>Creates the SQLite folder if needed, then the schema; puts SQLite in write-ahead-log mode. Idempotent.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_run is null || _run.IsFaulted || _run.IsCanceled)
            {
                _run = InitializeCoreAsync(cancellationToken);
            }

            return _run.WaitAsync(cancellationToken);
        }
    }

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
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
            // The database existed already: add the tables and columns introduced since it was created (never alters or drops).
            await SchemaUpgrader.CreateMissingTablesAsync(db, cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging persists in the file; commits then need no rollback journal (see StorageOptions.SqliteDurableCommits).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
