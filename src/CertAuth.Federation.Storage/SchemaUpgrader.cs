using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Additive schema upgrade for databases created by an earlier version: <c>EnsureCreated</c> does nothing once any
/// table exists, so tables (and their indexes) added since are created here with <c>IF NOT EXISTS</c>. Existing
/// tables are never altered. Works on SQLite and PostgreSQL (both accept <c>CREATE TABLE/INDEX IF NOT EXISTS</c>).
/// </summary>
public static partial class SchemaUpgrader
{
    /// <summary>Creates every table and index of the model that the database lacks. Idempotent.</summary>
    public static async Task CreateMissingTablesAsync(CertAuthDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var script = db.Database.GenerateCreateScript();
        foreach (var statement in script.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = CreateTable().Replace(statement, "CREATE TABLE IF NOT EXISTS ", 1);
            text = CreateIndex().Replace(text, m => m.Value.TrimEnd() + " IF NOT EXISTS ", 1);
            if (text.StartsWith("CREATE", StringComparison.OrdinalIgnoreCase) && text.Contains("IF NOT EXISTS", StringComparison.Ordinal))
            {
                await db.Database.ExecuteSqlRawAsync(text, cancellationToken);
            }
        }
    }

    [GeneratedRegex(@"^CREATE TABLE\s+", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^CREATE (UNIQUE )?INDEX\s+", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();
}
