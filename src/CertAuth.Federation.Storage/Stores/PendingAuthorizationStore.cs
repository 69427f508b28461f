using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class PendingAuthorizationStore(IDbContextFactory<TokenServiceDbContext> contextFactory) : IPendingAuthorizationStore
{
    public async Task AddAsync(PendingAuthorizationRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.PendingAuthorizations.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<PendingAuthorizationRecord?> FindByBrowserBindingAsync(string browserBindingHash, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, async db =>
        {
            return await db.PendingAuthorizations.AsNoTracking()
                .SingleOrDefaultAsync(x => x.BrowserBindingHash == browserBindingHash && x.ConsumedAt == null, cancellationToken);
        }, cancellationToken);
    }

    public async Task<bool> TryConsumeAsync(string requestId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PendingAuthorizations
            .Where(x => x.RequestId == requestId && x.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsumedAt, now), cancellationToken) == 1;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PendingAuthorizations.Where(x => x.ExpiresAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
