using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Resilience;
using Microsoft.EntityFrameworkCore;

namespace CertAuth.Federation.Storage.Stores;

internal sealed class TokenSigningCertificateStore(IDbContextFactory<FederationDbContext> contextFactory) : ITokenSigningCertificateStore
{
    public async Task<IReadOnlyList<TokenSigningCertificateRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        return await StoreRetry.ReadAsync<FederationDbContext, IReadOnlyList<TokenSigningCertificateRecord>>(contextFactory, async db =>
        {
            var all = await db.TokenSigningCertificates.AsNoTracking().ToListAsync(cancellationToken);
            return [.. all.OrderBy(x => x.CreatedAt).ThenBy(x => x.Thumbprint, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public async Task AddAsync(TokenSigningCertificateRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.TokenSigningCertificates.AnyAsync(x => x.Thumbprint == record.Thumbprint, cancellationToken))
        {
            throw new StoreConflictException($"The token-signing certificate '{record.Thumbprint}' is already stored.");
        }

        if (record.Succeeds is { } succeeds && await db.TokenSigningCertificates.AnyAsync(x => x.Succeeds == succeeds, cancellationToken))
        {
            throw new StoreConflictException($"A successor of the token-signing certificate '{succeeds}' is already stored.");
        }

        db.TokenSigningCertificates.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique keys caught a concurrent add (another node, or an admin at the same moment).
            throw new StoreConflictException($"The token-signing certificate '{record.Thumbprint}' (or another successor of the same primary) was stored concurrently.");
        }
    }

    public async Task<bool> SetPromotionAsync(string thumbprint, DateTimeOffset promotesAt, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.TokenSigningCertificates.SingleOrDefaultAsync(x => x.Thumbprint == thumbprint, cancellationToken);
        if (record is null)
        {
            return false;
        }

        record.PromotesAt = promotesAt;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
