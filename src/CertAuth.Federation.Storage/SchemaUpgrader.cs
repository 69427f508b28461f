using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Additive schema upgrade for databases created by an earlier version: <c>EnsureCreated</c> does nothing once any
/// table exists, so tables (and their indexes) added since are created here with <c>IF NOT EXISTS</c>, and nullable
/// columns added since to existing tables are added with <c>ALTER TABLE … ADD COLUMN</c>. Nothing is dropped or
/// changed. Works on SQLite and PostgreSQL (both accept <c>CREATE TABLE/INDEX IF NOT EXISTS</c> and
/// <c>ALTER TABLE … ADD COLUMN</c>).
/// </summary>
public static partial class SchemaUpgrader
{
    /// <summary>Creates every table, column and index of the model that the database lacks. Idempotent.</summary>
    public static async Task CreateMissingTablesAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var script = db.Database.GenerateCreateScript();
        var statements = script.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var indexes = new List<string>();
        foreach (var statement in statements)
        {
            if (CreateTable().IsMatch(statement))
            {
                await db.Database.ExecuteSqlRawAsync(CreateTable().Replace(statement, "CREATE TABLE IF NOT EXISTS ", 1), cancellationToken);
                await AddMissingColumnsAsync(db, statement, cancellationToken);
            }
            else if (CreateIndex().IsMatch(statement))
            {
                // After the columns: an index may be on a column added just now.
                indexes.Add(CreateIndex().Replace(statement, m => m.Value.TrimEnd() + " IF NOT EXISTS ", 1));
            }
        }

        foreach (var index in indexes)
        {
            await db.Database.ExecuteSqlRawAsync(index, cancellationToken);
        }
    }

    /// <summary>Adds the nullable columns of <paramref name="createTable"/> that the existing table lacks.</summary>
    private static async Task AddMissingColumnsAsync(DbContext db, string createTable, CancellationToken cancellationToken)
    {
        var header = TableHeader().Match(createTable);
        if (!header.Success)
        {
            return;
        }

        var table = header.Groups["table"].Value;
        var existing = (db.Database.IsSqlite()
                ? await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM pragma_table_info({0})", table).ToListAsync(cancellationToken)
                : await db.Database.SqlQueryRaw<string>(
                    "SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {0}", table)
                    .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var line in createTable.Split('\n').Skip(1))
        {
            var definition = line.Trim().TrimEnd(',');
            var column = ColumnDefinition().Match(definition);
            if (!column.Success || existing.Contains(column.Groups["name"].Value))
            {
                continue;
            }

            // SQLite's script says "NULL" for a nullable column, PostgreSQL's says nothing; both say "NOT NULL" otherwise.
            if (definition.Contains("NOT NULL", StringComparison.OrdinalIgnoreCase) || definition.Contains("PRIMARY KEY", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"The database lacks column {table}.{column.Groups["name"].Value}, which is not nullable: an additive upgrade cannot add it.");
            }

            // Table and column come from the model's own create script (matched by the patterns below), not from input.
            var alter = "ALTER TABLE \"" + table + "\" ADD COLUMN " + definition;
            await db.Database.ExecuteSqlRawAsync(alter, cancellationToken);
        }
    }

    /// <summary>The table <typeparamref name="TEntity"/> maps to in <paramref name="db"/>'s model.</summary>
    internal static string TableOf<TEntity>(DbContext db) =>
        db.Model.FindEntityType(typeof(TEntity))?.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");

    /// <summary>Whether <paramref name="table"/> exists in the database (in PostgreSQL's current schema).</summary>
    internal static async Task<bool> TableExistsAsync(DbContext db, string table, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (file != ":memory:" && !string.IsNullOrEmpty(file) && !File.Exists(file))
            {
                return false;
            }

            return await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}", table)
                .SingleAsync(cancellationToken) > 0;
        }

        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return false;
        }

        return await db.Database.SqlQueryRaw<int>(
                "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}", table)
            .SingleAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Upgrade of a database shared by both roles before issue 12: the token service's refresh-time revocation check
    /// read the federation server's <c>trusted_authorities</c>. When the token service's own list (<c>ts_trusted_authorities</c>)
    /// has just been created in a database that also holds <c>trusted_authorities</c>, the rows are copied once, so an
    /// upgrade keeps checking the same CAs; from then on each list is managed on its own (<c>certauth ca … --role</c>).
    /// </summary>
    internal static async Task CopyLegacyTrustedAuthoritiesAsync(RoleDbContext db, CancellationToken cancellationToken)
    {
        const string legacy = "trusted_authorities";
        var own = TableOf<Entities.TrustedAuthorityRecord>(db);
        if (own == legacy || !await TableExistsAsync(db, legacy, cancellationToken))
        {
            return;
        }

        var columns = string.Join(", ", db.Model.FindEntityType(typeof(Entities.TrustedAuthorityRecord))!.GetProperties()
            .Select(p => "\"" + p.GetColumnName() + "\""));

        // Table and column names come from the model, not from input.
        var copy = $"INSERT INTO \"{own}\" ({columns}) SELECT {columns} FROM \"{legacy}\" WHERE \"Id\" NOT IN (SELECT \"Id\" FROM \"{own}\")";
        await db.Database.ExecuteSqlRawAsync(copy, cancellationToken);
    }

    [GeneratedRegex(@"^CREATE TABLE\s+", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^CREATE TABLE\s+""?(?<table>[A-Za-z0-9_]+)""?\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex TableHeader();

    [GeneratedRegex(@"^""(?<name>[A-Za-z0-9_]+)""\s")]
    private static partial Regex ColumnDefinition();

    [GeneratedRegex(@"^CREATE (UNIQUE )?INDEX\s+", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();
}
