using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class TrustedAuthorityStore<TContext>(IDbContextFactory<TContext> contextFactory, TimeProvider timeProvider) : ITrustedAuthorityStore
    where TContext : RoleDbContext
{
    public async Task<IReadOnlyList<TrustedAuthorityRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.TrustedAuthorities.AsNoTracking().OrderBy(x => x.Id).ToListAsync(cancellationToken), cancellationToken);
    }

    public async Task<TrustedAuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.TrustedAuthorities.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
    }

    public async Task AddAsync(TrustedAuthorityRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.TrustedAuthorities.AnyAsync(x => x.Id == record.Id || x.Thumbprint == record.Thumbprint, cancellationToken))
        {
            throw new StoreConflictException($"The certificate authority '{record.Subject}' is already trusted (id {record.Id}).");
        }

        record.CreatedAt = record.UpdatedAt = timeProvider.GetUtcNow();
        db.TrustedAuthorities.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> UpdateAsync(TrustedAuthorityRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.TrustedAuthorities.SingleOrDefaultAsync(x => x.Id == record.Id, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        record.CreatedAt = existing.CreatedAt;
        record.UpdatedAt = timeProvider.GetUtcNow();
        db.Entry(existing).CurrentValues.SetValues(record);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.TrustedAuthorities.Where(x => x.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<long> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, async db =>
        {
            var rows = await db.TrustedAuthorities.AsNoTracking().Select(x => x.UpdatedAt).ToListAsync(cancellationToken);
            return rows.Aggregate((long)rows.Count, (h, t) => HashCode.Combine(h, t.UtcTicks));
        }, cancellationToken);
    }
}
