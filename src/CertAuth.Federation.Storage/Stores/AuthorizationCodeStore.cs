using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class AuthorizationCodeStore(IDbContextFactory<TokenServiceDbContext> contextFactory) : IAuthorizationCodeStore
{
    public async Task AddAsync(AuthorizationCodeRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuthorizationCodes.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AuthorizationCodeRecord?> FindByHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync(contextFactory, db => db.AuthorizationCodes.AsNoTracking().SingleOrDefaultAsync(x => x.CodeHash == codeHash, cancellationToken), cancellationToken);
    }

    public async Task<bool> TryRedeemAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuthorizationCodes
            .Where(x => x.Id == id && x.RedeemedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RedeemedAt, now), cancellationToken) == 1;
    }

    public async Task<int> DeleteUnredeemedAsync(IReadOnlyCollection<string> codeHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codeHashes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(codeHashes.Count, IRefreshTokenStore.MaxCodeHashesPerCleanup);
        var hashes = codeHashes.Where(h => !string.IsNullOrEmpty(h)).Distinct(StringComparer.Ordinal).ToList();
        if (hashes.Count == 0)
        {
            return 0;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuthorizationCodes
            .Where(x => hashes.Contains(x.CodeHash) && x.RedeemedAt == null)
            .ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuthorizationCodes.Where(x => x.ExpiresAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
