using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Applies <c>synchronous</c> per <see cref="StorageOptions.SqliteDurableCommits"/> to every SQLite connection the
/// stores open (a per-connection setting; read-only connections accept it too). Write-ahead logging is switched on once
/// by <see cref="StorageInitializer"/> and persists in the database file (readers no longer wait for a writer).
/// In WAL mode, <c>NORMAL</c> syncs at checkpoints instead of at every commit: an application crash loses nothing, but a
/// power loss or OS crash may roll back the last transactions (e.g. the last refresh-token rotations — the old token
/// becomes redeemable again, once). <c>FULL</c> syncs the log at every commit.
/// </summary>
internal sealed class SqliteConnectionSettings(bool durableCommits) : DbConnectionInterceptor
{
    private readonly string _pragmas = "PRAGMA synchronous=" + (durableCommits ? "FULL;" : "NORMAL;");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
