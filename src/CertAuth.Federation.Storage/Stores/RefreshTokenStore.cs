using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class RefreshTokenStore(IDbContextFactory<TokenServiceDbContext> contextFactory) : IRefreshTokenStore
{
    public async Task AddAsync(RefreshTokenRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.RefreshTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<RefreshTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(x => x.TokenHash == tokenHash, cancellationToken), cancellationToken);
    }

    public async Task<(RefreshTokenRecord? Token, TokenServiceUserRecord? User)> FindByHashWithUserAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        var row = await StoreRetry.ReadAsync(
            contextFactory,
            db => (from token in db.RefreshTokens.AsNoTracking()
                   where token.TokenHash == tokenHash
                   join user in db.TokenServiceUsers.AsNoTracking() on token.TokenServiceUserId equals (int?)user.Id into users
                   from user in users.DefaultIfEmpty()
                   select new TokenWithUser(token, user)).SingleOrDefaultAsync(cancellationToken),
            cancellationToken);
        return (row?.Token, row?.User);
    }

    public async Task<RefreshTokenRecord?> FindLatestInFamilyAsync(string familyId, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.RefreshTokens.AsNoTracking().Where(x => x.FamilyId == familyId).OrderByDescending(x => x.Id).FirstOrDefaultAsync(cancellationToken), cancellationToken);
    }

    public async Task<bool> TryRotateAsync(long parentId, RefreshTokenRecord child, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // One command: the conditional claim of the parent chained to the child's insert (RefreshTokenRotationCommand).
        // The conditional UPDATE is the arbiter: of two concurrent redemptions only one sees UsedAt IS NULL.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = db.Database.IsSqlite() ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var childId = await RefreshTokenRotationCommand.ExecuteAsync(db, parentId, child, now, cancellationToken);
        if (childId is null)
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            return false;
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        child.Id = childId.Value;
        return true;
    }

    public async Task<int> RevokeFamilyAsync(string familyId, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.RefreshTokens
            .Where(x => x.FamilyId == familyId && x.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevocationReason, reason), cancellationToken);
    }

    public async Task<int> RevokeByAuthorizationCodeAsync(string codeHash, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // The whole family of every token issued from the code: a rotated family's current token is a child row, which
        // does not carry the code's hash (one statement: UPDATE … WHERE FamilyId IN (SELECT FamilyId … WHERE code)).
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var families = db.RefreshTokens.Where(x => x.AuthorizationCodeHash == codeHash).Select(x => x.FamilyId);
        return await db.RefreshTokens
            .Where(x => families.Contains(x.FamilyId) && x.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevocationReason, reason), cancellationToken);
    }

    public async Task<int> RevokeForUserAsync(string upn, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var key = UserStore.Normalize(upn);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.RefreshTokens
            .Where(x => x.Upn == key && x.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevocationReason, reason), cancellationToken);
    }

    public async Task<(IReadOnlyList<string> FamilyIds, int Count)> RevokeFederationSessionAsync(
        string federationIssuer, string nameId, IReadOnlyCollection<string> sessionIndexes, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(federationIssuer);
        ArgumentException.ThrowIfNullOrEmpty(nameId);
        ArgumentNullException.ThrowIfNull(sessionIndexes);
        var indexes = sessionIndexes.ToList();
        var anyIndex = indexes.Count == 0;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var families = await db.RefreshTokens
            .Where(x => x.FederationIssuer == federationIssuer && x.FederationNameId == nameId && x.RevokedAt == null
                && (anyIndex || x.FederationSessionIndex == null || indexes.Contains(x.FederationSessionIndex)))
            .Select(x => x.FamilyId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var count = families.Count == 0 ? 0 : await db.RefreshTokens
            .Where(x => families.Contains(x.FamilyId) && x.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevocationReason, reason), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (families, count);
    }

    public async Task<(int Families, int Count)> RevokeByAuthorizationCodesAsync(
        IReadOnlyCollection<string> authorizationCodeHashes, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorizationCodeHashes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(authorizationCodeHashes.Count, IRefreshTokenStore.MaxCodeHashesPerCleanup);
        var hashes = authorizationCodeHashes.Where(h => !string.IsNullOrEmpty(h)).Distinct(StringComparer.Ordinal).ToList();
        if (hashes.Count == 0)
        {
            return (0, 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var families = await db.RefreshTokens
            .Where(x => x.AuthorizationCodeHash != null && hashes.Contains(x.AuthorizationCodeHash))
            .Select(x => x.FamilyId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var count = families.Count == 0 ? 0 : await db.RefreshTokens
            .Where(x => families.Contains(x.FamilyId) && x.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevocationReason, reason), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (count == 0 ? 0 : families.Count, count);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.RefreshTokens.Where(x => x.AbsoluteExpiresAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private sealed record TokenWithUser(RefreshTokenRecord Token, TokenServiceUserRecord? User);
}
