using System.Globalization;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca crl-status</c> verb: what the server last saw of each CA's CRLs (rows keyed <c>&lt;caId&gt;</c> and
/// <c>&lt;caId&gt;:delta</c>).
/// </summary>
internal sealed class CrlStatusHandler(ITrustedAuthorityStore authorities, ICrlStateRepository crlStates, CliConsole console)
{
    public async Task<int> ShowAsync(string? id, bool json, CancellationToken cancellationToken)
    {
        IReadOnlyList<TrustedAuthorityRecord> selected;
        if (id is null)
        {
            selected = await authorities.ListAsync(cancellationToken);
        }
        else
        {
            var key = id.Trim().ToUpperInvariant();
            var one = await authorities.FindAsync(key, cancellationToken)
                ?? throw new CliRefusedException($"no trusted CA with id '{key}' (see 'certauth ca list').");
            selected = [one];
        }

        var states = (await crlStates.ListAsync(cancellationToken)).ToDictionary(s => s.Key, StringComparer.Ordinal);
        var views = new List<CrlStatusView>();
        foreach (var authority in selected)
        {
            views.Add(ToView(authority.Id, "base", authority.CrlDistributionPoint, states.GetValueOrDefault(authority.Id)));
            var deltaState = states.GetValueOrDefault($"{authority.Id}:delta");
            if (authority.DeltaCrlDistributionPoint is not null || deltaState is not null)
            {
                views.Add(ToView(authority.Id, "delta", authority.DeltaCrlDistributionPoint, deltaState));
            }
        }

        if (json)
        {
            console.Json(views);
            return CliApplication.Ok;
        }

        if (views.Count == 0)
        {
            console.Line("no trusted certificate authorities.");
        }

        foreach (var v in views)
        {
            console.Line(Describe(v));
        }

        return CliApplication.Ok;
    }

    private static CrlStatusView ToView(string caId, string kind, string? url, CrlStateRecord? state) => new(
        caId, kind, url, state is not null, state?.ThisUpdate, state?.NextUpdate, state?.LastCrlNumber, state?.Entries, state?.LastFetch, state?.LastError);

    private static string Describe(CrlStatusView v)
    {
        var head = $"{v.CaId}  {v.Kind}  url={v.Url ?? "-"}";
        if (!v.Fetched)
        {
            return $"{head}  never fetched";
        }

        var entries = v.Entries?.ToString(CultureInfo.InvariantCulture) ?? "-";
        var error = v.LastError is null ? string.Empty : $"  last-error={CliConsole.OneLine(v.LastError)}";
        return $"{head}  this-update={CliConsole.Instant(v.ThisUpdate)}  next-update={CliConsole.Instant(v.NextUpdate)}  "
            + $"crl-number={v.CrlNumber ?? "-"}  entries={entries}  last-fetch={CliConsole.Instant(v.LastFetch)}{error}";
    }
}
