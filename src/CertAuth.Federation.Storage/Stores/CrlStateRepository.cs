using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class CrlStateRepository<TContext>(IDbContextFactory<TContext> contextFactory) : ICrlStateRepository
    where TContext : RoleDbContext
{
    public async Task<CrlStateRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.CrlStates.AsNoTracking().SingleOrDefaultAsync(x => x.Key == key, cancellationToken);
    }

    public async Task<IReadOnlyList<CrlStateRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.CrlStates.AsNoTracking().OrderBy(x => x.Key).ToListAsync(cancellationToken);
    }

    public async Task SetAsync(CrlStateRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.CrlStates.SingleOrDefaultAsync(x => x.Key == record.Key, cancellationToken);
        if (existing is null)
        {
            db.CrlStates.Add(record);
        }
        else
        {
            db.Entry(existing).CurrentValues.SetValues(record);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
