using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Brings a role's store to the current schema with its EF Core migrations (src/CertAuth.Federation.Storage/Migrations,
/// one set per provider). A database created before migrations existed (by <c>EnsureCreated</c>, up to commit d7a87b1)
/// is recognised by its tables and its first migration, <c>Baseline</c> (that schema), is recorded as applied; the
/// later ones then run over it. At start-up migrations run when <see cref="StorageOptions.MigrateAtStartup"/> is true
/// (default); otherwise a store with pending migrations refuses to start and <c>certauth db migrate</c> applies them.
/// Every caller of one instance shares one run (the role's initializer and the CRL refresh watcher, which must not
/// query before the schema exists); a failed run is retried by the next caller.
/// </summary>
public abstract class StorageInitializer
{
    /// <summary>True once a run of <see cref="InitializeAsync"/> has succeeded.</summary>
    public abstract bool IsInitialized { get; }

    /// <summary>Migrates (or, with migrate-at-start-up off, checks) the schema; puts SQLite in write-ahead-log mode. Idempotent.</summary>
    public abstract Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies every pending migration whatever <see cref="StorageOptions.MigrateAtStartup"/> says; returns their ids.</summary>
    public abstract Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default);
}

/// <summary>The initializer of one role's store (<typeparamref name="TContext"/>).</summary>
internal sealed class RoleStorageInitializer<TContext>(IDbContextFactory<TContext> contextFactory, bool migrateAtStartup) : StorageInitializer
    where TContext : RoleDbContext
{
    /// <summary>The migration after which the token service keeps its own trusted-CA list (rows copied once from the shared one).</summary>
    private const string OwnTrustedCaListMigration = "_OwnTrustedCaList";

    private readonly Lock _gate = new();
    private Task? _run;

    public override bool IsInitialized => _run is { IsCompletedSuccessfully: true };

    public override Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_run is null || _run.IsFaulted || _run.IsCanceled)
            {
                _run = RunAsync(migrateAtStartup, cancellationToken);
            }

            return _run.WaitAsync(cancellationToken);
        }
    }

    public override async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await MigrateCoreAsync(db, migrate: true, cancellationToken);
    }

    private async Task RunAsync(bool migrate, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await MigrateCoreAsync(db, migrate, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> MigrateCoreAsync(TContext db, bool migrate, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(dataSource);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await RecordBaselineOfPreMigrationDatabaseAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            if (!migrate)
            {
                throw new InvalidOperationException(
                    $"The {Name(db.Role)} store has {pending.Count} pending migration(s) ({string.Join(", ", pending)}) and Storage:MigrateAtStartup is false: "
                    + $"run 'certauth db migrate --role {Name(db.Role)}' first.");
            }

            // The two roles' tables and history tables are disjoint, so both may migrate one database at the same moment.
            await db.Database.MigrateAsync(cancellationToken);
            if (pending.Any(id => id.EndsWith(OwnTrustedCaListMigration, StringComparison.Ordinal)))
            {
                await SchemaInspection.CopyLegacyTrustedAuthoritiesAsync(db, cancellationToken);
            }
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging persists in the file; commits then need no rollback journal (see StorageOptions.SqliteDurableCommits).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return pending;
    }

    /// <summary>
    /// A database made by <c>EnsureCreated</c> before migrations existed has this role's tables but no history: its
    /// schema is the first migration's, so that one is recorded as applied (and not run).
    /// </summary>
    private static async Task RecordBaselineOfPreMigrationDatabaseAsync(TContext db, CancellationToken cancellationToken)
    {
        var marker = db.Role == StoreRole.Federation ? "relying_parties" : "oauth_clients";
        if ((await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()
            || !await SchemaInspection.TableExistsAsync(db, marker, cancellationToken))
        {
            return;
        }

        var baseline = db.Database.GetMigrations().First();
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        var insert = history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion()));
        await db.Database.ExecuteSqlRawAsync(insert, cancellationToken);
    }

    private static string Name(StoreRole role) => role == StoreRole.Federation ? "federation" : "tokenservice";
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

    public override async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var applied = new List<string>();
        foreach (var role in roles)
        {
            applied.AddRange(await role.MigrateAsync(cancellationToken));
        }

        return applied;
    }
}
