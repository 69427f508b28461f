using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class RelyingPartyStore(IDbContextFactory<FederationDbContext> contextFactory, TimeProvider timeProvider, RelyingPartyTrustChanges changes) : IRelyingPartyStore
{
    public async Task<RelyingPartyRecord?> FindByEntityIdAsync(string entityId, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.RelyingParties.AsNoTracking().SingleOrDefaultAsync(x => x.EntityId == entityId, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<RelyingPartyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.RelyingParties.AsNoTracking().OrderBy(x => x.EntityId).ToListAsync(cancellationToken);
    }

    public async Task AddAsync(RelyingPartyRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RelyingParties.AnyAsync(x => x.EntityId == record.EntityId, cancellationToken))
        {
            throw new StoreConflictException($"A relying party with entity id '{record.EntityId}' already exists.");
        }

        record.CreatedAt = record.UpdatedAt = timeProvider.GetUtcNow();
        db.RelyingParties.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed();
    }

    public async Task<bool> UpdateAsync(RelyingPartyRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.RelyingParties.SingleOrDefaultAsync(x => x.EntityId == record.EntityId, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        record.Id = existing.Id;
        record.CreatedAt = existing.CreatedAt;
        record.UpdatedAt = timeProvider.GetUtcNow();
        db.Entry(existing).CurrentValues.SetValues(record);
        existing.AssertionConsumerServiceUrls = [.. record.AssertionConsumerServiceUrls];
        existing.ReleasedClaims = [.. record.ReleasedClaims];
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed();
        return true;
    }

    public async Task<bool> RemoveAsync(string entityId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var removed = await db.RelyingParties.Where(x => x.EntityId == entityId).ExecuteDeleteAsync(cancellationToken) > 0;
        changes.Changed();
        return removed;
    }
}
