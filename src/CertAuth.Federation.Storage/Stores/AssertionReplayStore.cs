using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class AssertionReplayStore(IDbContextFactory<CertAuthDbContext> contextFactory) : IAssertionReplayStore
{
    public bool TryAdd(string assertionId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(assertionId);
        using var db = contextFactory.CreateDbContext();
        db.AssertionReplays.Add(new AssertionReplayRecord { AssertionId = assertionId, ExpiresAt = expiresAt });
        try
        {
            // The primary key makes the insert the arbiter, across threads, processes and instances.
            db.SaveChanges();
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AssertionReplays.Where(x => x.ExpiresAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
