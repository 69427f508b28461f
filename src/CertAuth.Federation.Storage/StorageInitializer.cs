using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Creates a role's store (database and schema) when it does not exist yet. Every caller of one instance shares one run
/// (the role's initializer and the CRL refresh watcher, which must not query before the schema exists); a failed run is
/// retried by the next caller.
/// </summary>
public abstract class StorageInitializer
{
    /// <summary>True once a run of <see cref="InitializeAsync"/> has succeeded.</summary>
    public abstract bool IsInitialized { get; }

    /// <summary>Creates the SQLite folder if needed, then the schema; puts SQLite in write-ahead-log mode. Idempotent.</summary>
    public abstract Task InitializeAsync(CancellationToken cancellationToken = default);
}

/// <summary>The initializer of one role's store (<typeparamref name="TContext"/>).</summary>
internal sealed class RoleStorageInitializer<TContext>(IDbContextFactory<TContext> contextFactory) : StorageInitializer
    where TContext : RoleDbContext
{
    private readonly Lock _gate = new();
    private Task? _run;

    public override bool IsInitialized => _run is { IsCompletedSuccessfully: true };

    public override Task InitializeAsync(CancellationToken cancellationToken = default)
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

        // The two roles' tables are disjoint, so both may create theirs in one database at the same moment.
        var hadOwnCaList = await SchemaUpgrader.TableExistsAsync(db, SchemaUpgrader.TableOf<Entities.TrustedAuthorityRecord>(db), cancellationToken);
        if (!await db.Database.EnsureCreatedAsync(cancellationToken))
        {
            // The database existed already (the other role's tables, or an earlier version): add what this role lacks (never alters or drops).
            await SchemaUpgrader.CreateMissingTablesAsync(db, cancellationToken);
        }

        if (!hadOwnCaList)
        {
            await SchemaUpgrader.CopyLegacyTrustedAuthoritiesAsync(db, cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging persists in the file; commits then need no rollback journal (see StorageOptions.SqliteDurableCommits).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

/// <summary>Initializes several roles' stores in turn (the administration CLI manages both).</summary>
internal sealed class CompositeStorageInitializer(IReadOnlyList<StorageInitializer> roles) : StorageInitializer
{
    public override bool IsInitialized => roles.All(r => r.IsInitialized);

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        foreach (var role in roles)
        {
            await role.InitializeAsync(cancellationToken);
        }
    }
}
