using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Applies two per-connection settings to every SQLite connection the stores open (read-only connections accept them
/// too): <c>synchronous</c> per <see cref="StorageOptions.SqliteDurableCommits"/>, and <c>busy_timeout</c> (the
/// <see cref="BusyTimeoutMilliseconds"/>), so that a writer waiting for another writer is woken by SQLite within
/// milliseconds of the lock's release — without it Microsoft.Data.Sqlite retries a busy statement every 150 ms, which
/// gave concurrent refresh-token rotations a p95 of about 300 ms. Write-ahead logging is switched on once
/// by <see cref="StorageInitializer"/> and persists in the database file (readers no longer wait for a writer).
/// In WAL mode, <c>NORMAL</c> syncs at checkpoints instead of at every commit: an application crash loses nothing, but a
/// power loss or OS crash may roll back the last transactions (e.g. the last refresh-token rotations — the old token
/// becomes redeemable again, once). <c>FULL</c> syncs the log at every commit.
/// </summary>
internal sealed class SqliteConnectionSettings(bool durableCommits) : DbConnectionInterceptor
{
    /// <summary>How long SQLite itself waits for a lock (the default command timeout, 30 s).</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _pragmas = "PRAGMA synchronous=" + (durableCommits ? "FULL" : "NORMAL") + "; PRAGMA busy_timeout=" + BusyTimeoutMilliseconds + ";";

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
