using CertAuth.Federation.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class SigningKeyStore(IDbContextFactory<TokenServiceDbContext> contextFactory) : ISigningKeyStore
{
    public async Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
        return [.. all.OrderBy(x => x.ActivatesAt).ThenBy(x => x.KeyId, StringComparer.Ordinal)];
    }

    public async Task AddAsync(SigningKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.SigningKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }
}
