using System.Globalization;
using System.Numerics;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Storage.Revocation;

/// <summary>
/// CRL bookkeeping in the role's own CRL-state table (<c>crl_state</c> for the federation server, <c>ts_crl_state</c>
/// for the token service; rows <c>{ca}</c> and <c>{ca}:delta</c>), so CRL numbers and thisUpdate never go backwards
/// across restarts or between the nodes of one role.
/// </summary>
public sealed class StoreCrlStateStore(ICrlStateRepository repository) : ICrlStateStore
{
    private const string DeltaSuffix = ":delta";

    public async ValueTask<CrlState?> GetAsync(string authorityId, CancellationToken cancellationToken)
    {
        var main = await repository.GetAsync(authorityId, cancellationToken);
        if (main is null)
        {
            return null;
        }

        var delta = await repository.GetAsync(authorityId + DeltaSuffix, cancellationToken);
        return new CrlState
        {
            LastCrlNumber = Parse(main.LastCrlNumber),
            LastDeltaCrlNumber = Parse(delta?.LastCrlNumber),
            ThisUpdate = main.ThisUpdate,
            NextUpdate = main.NextUpdate,
            LastFetch = main.LastFetch,
        };
    }

    public async ValueTask SetAsync(string authorityId, CrlState state, CancellationToken cancellationToken)
    {
        try
        {
            await SetCoreAsync(authorityId, state, cancellationToken);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Another process (the federation server or a second instance) inserted the row meanwhile: merge again.
            await SetCoreAsync(authorityId, state, cancellationToken);
        }
    }

    private async ValueTask SetCoreAsync(string authorityId, CrlState state, CancellationToken cancellationToken)
    {
        // Never lower a number another process may have raised meanwhile.
        var existing = await repository.GetAsync(authorityId, cancellationToken);
        var number = Max(Parse(existing?.LastCrlNumber), state.LastCrlNumber);
        await repository.SetAsync(
            new CrlStateRecord
            {
                Key = authorityId,
                LastCrlNumber = number?.ToString(CultureInfo.InvariantCulture),
                // Never lowered either: without CRL numbers, the last accepted base CRL's thisUpdate orders CRLs (issue 11).
                ThisUpdate = existing?.ThisUpdate is { } seen && (state.ThisUpdate is null || seen > state.ThisUpdate) ? seen : state.ThisUpdate,
                NextUpdate = state.NextUpdate,
                Entries = state.Entries,
                LastFetch = state.LastFetch,
                LastError = state.LastError?.ToString() is { } error && error.Length > 1000 ? error[..1000] : state.LastError?.ToString(),
            },
            cancellationToken);
        if (state.LastDeltaCrlNumber is { } delta)
        {
            var existingDelta = await repository.GetAsync(authorityId + DeltaSuffix, cancellationToken);
            var deltaNumber = Max(Parse(existingDelta?.LastCrlNumber), delta);
            await repository.SetAsync(
                new CrlStateRecord
                {
                    Key = authorityId + DeltaSuffix,
                    LastCrlNumber = deltaNumber?.ToString(CultureInfo.InvariantCulture),
                    ThisUpdate = state.DeltaThisUpdate,
                    NextUpdate = state.DeltaNextUpdate,
                    Entries = state.DeltaEntries,
                    LastFetch = state.LastFetch,
                },
                cancellationToken);
        }
    }

    private static BigInteger? Max(BigInteger? left, BigInteger? right) =>
        left is null ? right : right is null ? left : BigInteger.Max(left.Value, right.Value);

    private static BigInteger? Parse(string? value) =>
        value is not null && BigInteger.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
