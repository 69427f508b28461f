using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class TokenServiceUserStore(IDbContextFactory<TokenServiceDbContext> contextFactory, TimeProvider timeProvider) : ITokenServiceUserStore
{
    public async Task<TokenServiceUserRecord?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.TokenServiceUsers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken), cancellationToken);
    }

    public async Task<TokenServiceUserRecord?> FindBySubjectAsync(string federationIssuer, string subject, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, async db =>
        {
            return await db.TokenServiceUsers.AsNoTracking()
                .SingleOrDefaultAsync(x => x.FederationIssuer == federationIssuer && x.Subject == subject, cancellationToken);
        }, cancellationToken);
    }

    public async Task<(TokenServiceUserRecord User, bool Created)> ProvisionAsync(TokenServiceUserRecord sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var upn = UserStore.Normalize(sample.Upn);
        var email = sample.Email is null ? null : UserStore.Normalize(sample.Email);
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.TokenServiceUsers
            .SingleOrDefaultAsync(x => x.FederationIssuer == sample.FederationIssuer && x.Subject == sample.Subject, cancellationToken);
        if (existing is not null)
        {
            if (existing.Upn != upn || existing.Email != email || existing.DisplayName != sample.DisplayName || existing.ImmutableId != sample.ImmutableId)
            {
                existing.Upn = upn;
                existing.Email = email;
                existing.DisplayName = sample.DisplayName;
                existing.ImmutableId = sample.ImmutableId;
                existing.UpdatedAt = now;
                await db.SaveChangesAsync(cancellationToken);
            }

            return (existing, false);
        }

        var record = new TokenServiceUserRecord
        {
            FederationIssuer = sample.FederationIssuer,
            Subject = sample.Subject,
            ObjectId = Guid.NewGuid().ToString(),
            Upn = upn,
            Email = email,
            DisplayName = sample.DisplayName,
            ImmutableId = sample.ImmutableId,
            Enabled = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.TokenServiceUsers.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (record, true);
        }
        catch (DbUpdateException)
        {
            // A concurrent first sign-in of the same (trust, subject) added it: use that one.
            var winner = await FindBySubjectAsync(sample.FederationIssuer, sample.Subject, cancellationToken);
            return winner is null ? throw new StoreConflictException("The token-service user could not be provisioned.") : (winner, false);
        }
    }

    public async Task<IReadOnlyList<TokenServiceUserRecord>> ListByUpnAsync(string upn, string? federationIssuer = null, CancellationToken cancellationToken = default)
    {
        var key = UserStore.Normalize(upn);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Matching(db, key, federationIssuer).AsNoTracking().OrderBy(x => x.FederationIssuer).ThenBy(x => x.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TokenServiceUserRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.TokenServiceUsers.AsNoTracking().OrderBy(x => x.Upn).ThenBy(x => x.FederationIssuer).ToListAsync(cancellationToken);
    }

    public async Task<int> RevokeSessionsAsync(string upn, string? federationIssuer, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var key = UserStore.Normalize(upn);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Matching(db, key, federationIssuer)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StsRefreshTokensValidFrom, now).SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    public async Task<int> SetEnabledAsync(string upn, string? federationIssuer, bool enabled, CancellationToken cancellationToken = default)
    {
        var key = UserStore.Normalize(upn);
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Matching(db, key, federationIssuer)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, enabled).SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    private static IQueryable<TokenServiceUserRecord> Matching(TokenServiceDbContext db, string upn, string? federationIssuer) =>
        federationIssuer is null
            ? db.TokenServiceUsers.Where(x => x.Upn == upn)
            : db.TokenServiceUsers.Where(x => x.Upn == upn && x.FederationIssuer == federationIssuer);
}
