using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class OAuthClientStore(IDbContextFactory<TokenServiceDbContext> contextFactory, TimeProvider timeProvider, OAuthClientChanges changes) : IOAuthClientStore
{
    public async Task<OAuthClientRecord?> FindAsync(string clientId, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.OAuthClients.AsNoTracking().SingleOrDefaultAsync(x => x.ClientId == clientId, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<OAuthClientRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.OAuthClients.AsNoTracking().OrderBy(x => x.ClientId).ToListAsync(cancellationToken);
    }

    public async Task AddAsync(OAuthClientRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.OAuthClients.AnyAsync(x => x.ClientId == record.ClientId, cancellationToken))
        {
            throw new StoreConflictException($"A client with id '{record.ClientId}' already exists.");
        }

        record.CreatedAt = record.UpdatedAt = timeProvider.GetUtcNow();
        db.OAuthClients.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed();
    }

    public async Task<bool> UpdateAsync(OAuthClientRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.OAuthClients.SingleOrDefaultAsync(x => x.ClientId == record.ClientId, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        record.Id = existing.Id;
        record.CreatedAt = existing.CreatedAt;
        record.UpdatedAt = timeProvider.GetUtcNow();
        db.Entry(existing).CurrentValues.SetValues(record);
        existing.RedirectUris = [.. record.RedirectUris];
        existing.PostLogoutRedirectUris = [.. record.PostLogoutRedirectUris];
        existing.AllowedScopes = [.. record.AllowedScopes];
        existing.AllowedGrantTypes = [.. record.AllowedGrantTypes];
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed();
        return true;
    }

    public async Task<bool> RemoveAsync(string clientId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var removed = await db.OAuthClients.Where(x => x.ClientId == clientId).ExecuteDeleteAsync(cancellationToken) > 0;
        changes.Changed();
        return removed;
    }
}
