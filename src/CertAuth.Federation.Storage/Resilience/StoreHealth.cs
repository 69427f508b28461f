using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Resilience;

/// <summary>Whether the role's store answers now (issue 13): the readiness probes report it, so a load balancer takes a node that lost its database out.</summary>
public abstract class StoreHealth
{
    /// <summary>How long the check waits for the database.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>True when a connection opens and a trivial query answers within <see cref="Timeout"/>.</summary>
    public abstract Task<bool> IsAvailableAsync(CancellationToken cancellationToken = default);
}

internal sealed class RoleStoreHealth<TContext>(IDbContextFactory<TContext> contextFactory) : StoreHealth
    where TContext : RoleDbContext
{
    public override async Task<bool> IsAvailableAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(timeout.Token);
            return await db.Database.CanConnectAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (StoreRetry.IsStoreUnavailable(ex))
        {
            return false;
        }
    }
}
