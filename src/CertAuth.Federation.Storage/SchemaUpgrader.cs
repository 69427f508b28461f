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
    public static async Task CreateMissingTablesAsync(CertAuthDbContext db, CancellationToken cancellationToken = default)
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
    private static async Task AddMissingColumnsAsync(CertAuthDbContext db, string createTable, CancellationToken cancellationToken)
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

    [GeneratedRegex(@"^CREATE TABLE\s+", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^CREATE TABLE\s+""?(?<table>[A-Za-z0-9_]+)""?\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex TableHeader();

    [GeneratedRegex(@"^""(?<name>[A-Za-z0-9_]+)""\s")]
    private static partial Regex ColumnDefinition();

    [GeneratedRegex(@"^CREATE (UNIQUE )?INDEX\s+", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();
}
