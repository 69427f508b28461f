using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace CertAuth.Federation.Storage.Resilience;

/// <summary>
/// Transient-failure handling of the stores (issue 13). On PostgreSQL, <b>reads only</b> run under Npgsql's retrying
/// execution strategy (<see cref="NpgsqlRetryingExecutionStrategy"/>, the one <c>EnableRetryOnFailure</c> installs): up to
/// <see cref="MaxRetries"/> retries, at most <see cref="MaxDelay"/> apart, each on a fresh context. Writes are never
/// retried here: a retry after a commit whose acknowledgement was lost could redeem a code, consume a pending request,
/// rotate a refresh token or record an assertion twice (or report a replay that was our own first attempt). The strategy
/// is not set on the contexts for the same reason (it would also refuse the refresh rotation's own transaction). Which
/// operations are which: docs/security.md, "Farm".
/// </summary>
public static class StoreRetry
{
    /// <summary>Retries of one read.</summary>
    public const int MaxRetries = 3;

    /// <summary>Longest wait between two tries.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>Runs the idempotent <paramref name="read"/> on a fresh context, retried on PostgreSQL transient failures.</summary>
    public static async Task<T> ReadAsync<TContext, T>(IDbContextFactory<TContext> contextFactory, Func<TContext, Task<T>> read, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(read);
        await using var first = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!first.Database.IsNpgsql())
        {
            return await read(first);
        }

        var strategy = new NpgsqlRetryingExecutionStrategy(first, MaxRetries, MaxDelay, errorCodesToAdd: null);
        return await strategy.ExecuteAsync(async token =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(token);
            return await read(db);
        }, cancellationToken);
    }

    /// <summary>
    /// True when <paramref name="exception"/> means the store could not be reached or failed (connection refused or lost,
    /// server shutting down, timeout, retries exhausted) rather than a programming or data error: the request gets 503
    /// with a stable code instead of 500.
    /// </summary>
    public static bool IsStoreUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // Class 08 connection, 53 resources, 57 operator intervention (shutdown), 58 system errors; 40001/40P01 contention.
                    return postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("58", StringComparison.Ordinal);
                case NpgsqlException:
                case SocketException:
                case TimeoutException:
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 }: // busy, locked, I/O, cannot open
                    return true;
                case InvalidOperationException when e.InnerException is NpgsqlException or TimeoutException:
                    return true; // EF's "retry limit exceeded" wraps the last transient failure
                case DbException:
                    return false;
            }
        }

        return false;
    }
}
