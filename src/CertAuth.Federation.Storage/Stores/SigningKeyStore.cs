using CertAuth.Federation.Storage.Resilience;
using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class SigningKeyStore(IDbContextFactory<TokenServiceDbContext> contextFactory) : ISigningKeyStore
{
    public async Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync<TokenServiceDbContext, IReadOnlyList<SigningKeyRecord>>(contextFactory, async db =>
        {
            var all = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
            return [.. all.OrderBy(x => x.ActivatesAt).ThenBy(x => x.KeyId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public async Task AddAsync(SigningKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.SigningKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }
}
