using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class UserStore(IDbContextFactory<FederationDbContext> contextFactory, TimeProvider timeProvider, UserDirectoryChanges changes) : IUserStore
{
    public async Task<UserRecord?> FindByUpnAsync(string upn, CancellationToken cancellationToken = default)
    {
        var key = Normalize(upn);
        return await StoreRetry.ReadAsync(contextFactory, db => db.Users.AsNoTracking().SingleOrDefaultAsync(x => x.Upn == key, cancellationToken), cancellationToken);
    }

    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var key = Normalize(email);
        return await StoreRetry.ReadAsync(contextFactory, async db =>
        {
            var matches = await db.Users.AsNoTracking().Where(x => x.Email == key).Take(2).ToListAsync(cancellationToken);
            return matches.Count == 1 ? matches[0] : null;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().OrderBy(x => x.Upn).ToListAsync(cancellationToken);
    }

    public async Task AddAsync(UserRecord record, CancellationToken cancellationToken = default)
    {
        record.Upn = Normalize(record.Upn);
        record.Email = record.Email is null ? null : Normalize(record.Email);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(x => x.Upn == record.Upn, cancellationToken))
        {
            throw new StoreConflictException($"A user with UPN '{record.Upn}' already exists.");
        }

        record.CreatedAt = record.UpdatedAt = timeProvider.GetUtcNow();
        db.Users.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed();
    }

    public async Task<bool> SetEnabledAsync(string upn, bool enabled, CancellationToken cancellationToken = default)
    {
        var key = Normalize(upn);
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            return await db.Users.Where(x => x.Upn == key)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, enabled).SetProperty(x => x.UpdatedAt, now), cancellationToken) > 0;
        }
        finally
        {
            // Also when the outcome is unknown (a timeout after the commit): a cache drops an entry too many, never one too few.
            changes.Changed();
        }
    }

    public async Task<DateTimeOffset?> RevokeSessionsAsync(string upn, CancellationToken cancellationToken = default)
    {
        var key = Normalize(upn);
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var updated = await db.Users.Where(x => x.Upn == key)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.StsRefreshTokensValidFrom, now).SetProperty(x => x.UpdatedAt, now), cancellationToken);
            return updated > 0 ? now : null;
        }
        finally
        {
            changes.Changed();
        }
    }

    internal static string Normalize(string value) => value.Trim().ToLowerInvariant();
}
