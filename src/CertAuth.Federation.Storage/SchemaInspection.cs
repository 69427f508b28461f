using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage;

/// <summary>Small schema look-ups used by <see cref="StorageInitializer"/> around the migrations.</summary>
internal static class SchemaInspection
{
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
}
