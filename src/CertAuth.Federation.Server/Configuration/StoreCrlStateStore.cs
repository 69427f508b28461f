using System.Globalization;
using System.Numerics;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Server.Configuration;

/// <summary>
/// Keeps what the CRL cache has seen in the database (rows <c>&lt;ca id&gt;</c> and <c>&lt;ca id&gt;:delta</c>), so CRL
/// numbers never go backwards across restarts and <c>certauth ca crl-status</c> can report.
/// </summary>
internal sealed class StoreCrlStateStore(ICrlStateRepository repository) : ICrlStateStore
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
            LastError = main.LastError is null ? null : new CrlError(CrlErrorCode.DownloadFailed, main.LastError),
        };
    }

    public async ValueTask SetAsync(string authorityId, CrlState state, CancellationToken cancellationToken)
    {
        await repository.SetAsync(
            new CrlStateRecord
            {
                Key = authorityId,
                LastCrlNumber = state.LastCrlNumber?.ToString(CultureInfo.InvariantCulture),
                ThisUpdate = state.ThisUpdate,
                NextUpdate = state.NextUpdate,
                LastFetch = state.LastFetch,
                LastError = state.LastError?.ToString(),
            },
            cancellationToken);
        if (state.LastDeltaCrlNumber is { } delta)
        {
            await repository.SetAsync(
                new CrlStateRecord { Key = authorityId + DeltaSuffix, LastCrlNumber = delta.ToString(CultureInfo.InvariantCulture), LastFetch = state.LastFetch },
                cancellationToken);
        }
    }

    private static BigInteger? Parse(string? value) =>
        value is not null && BigInteger.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
