using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class CrlRefreshRequestStore<TContext>(IDbContextFactory<TContext> contextFactory, TimeProvider timeProvider) : ICrlRefreshRequestStore
    where TContext : RoleDbContext
{
    public async Task<DateTimeOffset> RequestAsync(string authorityId, string? requestedBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(authorityId);
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await UpsertAsync(db, authorityId, now, requestedBy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return now;
    }

    public async Task<DateTimeOffset> RequestAllAsync(string? requestedBy = null, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.TrustedAuthorities.AsNoTracking().Select(x => x.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await UpsertAsync(db, id, now, requestedBy, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return now;
    }

    public async Task<IReadOnlyList<CrlRefreshRequestRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.CrlRefreshRequests.AsNoTracking().OrderBy(x => x.AuthorityId).ToListAsync(cancellationToken);
    }

    private static async Task UpsertAsync(TContext db, string authorityId, DateTimeOffset now, string? requestedBy, CancellationToken cancellationToken)
    {
        var existing = await db.CrlRefreshRequests.SingleOrDefaultAsync(x => x.AuthorityId == authorityId, cancellationToken);
        if (existing is null)
        {
            db.CrlRefreshRequests.Add(new CrlRefreshRequestRecord { AuthorityId = authorityId, RequestedAt = now, RequestedBy = requestedBy });
        }
        else
        {
            existing.RequestedAt = now;
            existing.RequestedBy = requestedBy;
        }
    }
}
