using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

/// <summary><see cref="IFederationSettingsStore"/> on the federation store (table <c>fs_settings</c>).</summary>
internal sealed class FederationSettingsStore(IDbContextFactory<FederationDbContext> contextFactory, TimeProvider timeProvider) : IFederationSettingsStore
{
    public string? Get(string name)
    {
        using var db = contextFactory.CreateDbContext();
        return db.Settings.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefault();
    }

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Settings.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetAsync(string name, string value, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (row is null)
        {
            db.Settings.Add(new FederationSettingRecord { Name = name, Value = value, UpdatedBy = actor, UpdatedAt = timeProvider.GetUtcNow() });
        }
        else
        {
            row.Value = value;
            row.UpdatedBy = actor;
            row.UpdatedAt = timeProvider.GetUtcNow();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (row is null)
        {
            // Another node inserted the row meanwhile: update it (last writer wins, as for any admin edit).
            await using var retry = await contextFactory.CreateDbContextAsync(cancellationToken);
            var existing = await retry.Settings.FirstAsync(s => s.Name == name, cancellationToken);
            existing.Value = value;
            existing.UpdatedBy = actor;
            existing.UpdatedAt = timeProvider.GetUtcNow();
            await retry.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task<bool> TryAddAsync(string name, string value, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Settings.AnyAsync(s => s.Name == name, cancellationToken))
        {
            return false;
        }

        db.Settings.Add(new FederationSettingRecord { Name = name, Value = value, UpdatedBy = actor, UpdatedAt = timeProvider.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node added it first (two nodes importing at once): theirs stands.
            return false;
        }
    }
}
