using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CertAuth.Federation.Storage.Stores;

/// <summary>
/// A refresh-token rotation as one command (issue 16, second pass): the conditional claim of the parent
/// (<c>UPDATE … SET UsedAt WHERE Id = parent AND UsedAt IS NULL AND RevokedAt IS NULL</c>) and the child's
/// <c>INSERT</c>, chained so the child exists only when the claim changed a row, with the child's id returned.
/// PostgreSQL: one statement, <c>WITH claimed AS (UPDATE … RETURNING Id) INSERT … SELECT … FROM claimed RETURNING Id</c>
/// (under READ COMMITTED a second concurrent UPDATE waits for the first and re-checks the WHERE on the new row
/// version, so it claims nothing). SQLite (no DML in a CTE): the UPDATE and <c>INSERT … SELECT … WHERE changes() = 1
/// RETURNING Id</c> in one command batch inside the caller's transaction (SQLite has one writer at a time).
/// Columns, quoting and value conversions (SQLite stores instants as binary) come from the EF Core model, so the
/// rows are exactly what EF Core writes and reads; no change tracking is involved. Exactly one winner: the
/// conditional UPDATE is still the arbiter, as before.
/// </summary>
internal static class RefreshTokenRotationCommand
{
    private static readonly ConcurrentDictionary<string, Shape> Shapes = new(StringComparer.Ordinal);

    /// <summary>Runs the rotation; the child's new id, or null when the parent was already used or revoked.</summary>
    public static async Task<long?> ExecuteAsync(TokenServiceDbContext db, long parentId, RefreshTokenRecord child, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shape = Shapes.GetOrAdd(db.Database.ProviderName ?? string.Empty, _ => Build(db));
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = shape.Text;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        Add(command, "@parent", shape.Id, parentId);
        Add(command, "@now", shape.UsedAt, now);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            Add(command, "@c" + i, shape.Columns[i], shape.Columns[i].PropertyInfo!.GetValue(child));
        }

        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, IProperty property, object? value) =>
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));

    private static Shape Build(TokenServiceDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(RefreshTokenRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        var id = entity.FindPrimaryKey()!.Properties.Single();
        var usedAt = entity.FindProperty(nameof(RefreshTokenRecord.UsedAt))!;
        var revokedAt = entity.FindProperty(nameof(RefreshTokenRecord.RevokedAt))!;
        var columns = entity.GetProperties().Where(p => !ReferenceEquals(p, id) && p.PropertyInfo is not null).ToArray();
        if (columns.Length != entity.GetProperties().Count() - 1)
        {
            throw new InvalidOperationException("refresh_tokens has a shadow property; the rotation command cannot write it.");
        }

        var list = string.Join(", ", columns.Select(Column));
        var values = string.Join(", ", columns.Select((_, i) => "@c" + i));
        var claim = $"UPDATE {tableName} SET {Column(usedAt)} = @now WHERE {Column(id)} = @parent AND {Column(usedAt)} IS NULL AND {Column(revokedAt)} IS NULL";
        var text = new StringBuilder();
        if (db.Database.IsSqlite())
        {
            text.Append(claim).Append(";\n")
                .Append($"INSERT INTO {tableName} ({list}) SELECT {values} WHERE changes() = 1 RETURNING {Column(id)};");
        }
        else
        {
            text.Append($"WITH claimed AS ({claim} RETURNING {Column(id)})\n")
                .Append($"INSERT INTO {tableName} ({list}) SELECT {values} FROM claimed RETURNING {Column(id)}");
        }

        return new Shape(text.ToString(), id, usedAt, columns);
    }

    private sealed record Shape(string Text, IProperty Id, IProperty UsedAt, IProperty[] Columns);
}
