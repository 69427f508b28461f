using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class AuditLog<TContext>(IDbContextFactory<TContext> contextFactory, TimeProvider timeProvider) : IAuditLog
    where TContext : RoleDbContext
{
    public async Task WriteAsync(string actor, string action, string target, string? details = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(new AuditEntryRecord
        {
            Timestamp = timeProvider.GetUtcNow(),
            Actor = actor,
            Action = action,
            Target = target,
            Details = details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntryRecord>> ListAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditLog.AsNoTracking().OrderByDescending(x => x.Id).Take(take).ToListAsync(cancellationToken);
    }
}
