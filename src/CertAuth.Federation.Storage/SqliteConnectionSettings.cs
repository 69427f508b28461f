using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
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
/// <remarks>
/// Both settings belong to the native connection, which Microsoft.Data.Sqlite's pool keeps open across
/// <c>Open</c>/<c>Close</c>: they are applied once per native connection (tracked by its handle), not on every open. Each
/// store call opens a pooled connection, so re-running the two statements on every open was two parses and two steps
/// per query on the token hot paths (issue 16's refresh profile).
/// </remarks>
internal sealed class SqliteConnectionSettings(bool durableCommits) : DbConnectionInterceptor
{
    /// <summary>How long SQLite itself waits for a lock (the default command timeout, 30 s).</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _pragmas = "PRAGMA synchronous=" + (durableCommits ? "FULL" : "NORMAL") + "; PRAGMA busy_timeout=" + BusyTimeoutMilliseconds + ";";

    private static readonly object Marker = new();

    // Native connections already configured; an entry goes when the pool disposes its handle.
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsSettings(connection, out var handle))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        Remember(handle);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsSettings(connection, out var handle))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(handle);
    }

    private bool NeedsSettings(DbConnection connection, out object? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is null || !_configured.TryGetValue(handle, out _);
    }

    private void Remember(object? handle)
    {
        if (handle is not null)
        {
            _configured.AddOrUpdate(handle, Marker);
        }
    }
}
