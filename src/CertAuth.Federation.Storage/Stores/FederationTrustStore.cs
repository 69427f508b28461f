using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class FederationTrustStore(IDbContextFactory<TokenServiceDbContext> contextFactory, TimeProvider timeProvider) : IFederationTrustStore
{
    public async Task<FederationTrustRecord?> FindByEntityIdAsync(string entityId, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.FederationTrusts.AsNoTracking().SingleOrDefaultAsync(x => x.EntityId == entityId, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<FederationTrustRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.FederationTrusts.AsNoTracking().OrderBy(x => x.EntityId).ToListAsync(cancellationToken);
    }

    public async Task AddAsync(FederationTrustRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.FederationTrusts.AnyAsync(x => x.EntityId == record.EntityId, cancellationToken))
        {
            throw new StoreConflictException($"A federation trust with entity id '{record.EntityId}' already exists.");
        }

        record.CreatedAt = record.UpdatedAt = timeProvider.GetUtcNow();
        db.FederationTrusts.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> UpdateAsync(FederationTrustRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.FederationTrusts.SingleOrDefaultAsync(x => x.EntityId == record.EntityId, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        record.Id = existing.Id;
        record.CreatedAt = existing.CreatedAt;
        record.UpdatedAt = timeProvider.GetUtcNow();
        db.Entry(existing).CurrentValues.SetValues(record);
        existing.SigningCertificates = [.. record.SigningCertificates];
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RemoveAsync(string entityId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.FederationTrusts.Where(x => x.EntityId == entityId).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
