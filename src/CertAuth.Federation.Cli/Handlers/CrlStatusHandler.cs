using System.Globalization;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca crl-status</c> verb: what the server last saw of each CA's CRLs (rows keyed <c>&lt;caId&gt;</c> and
/// <c>&lt;caId&gt;:delta</c>), per role: each role keeps its own CRL state.
/// </summary>
internal sealed class CrlStatusHandler(RoleStores stores, CliConsole console)
{
    public async Task<int> ShowAsync(string? id, bool json, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var views = new List<CrlStatusView>();
        var key = id?.Trim().ToUpperInvariant();
        foreach (var role in roles)
        {
            IReadOnlyList<TrustedAuthorityRecord> selected = key is null
                ? await stores.Authorities(role).ListAsync(cancellationToken)
                : await stores.Authorities(role).FindAsync(key, cancellationToken) is { } one ? [one] : [];
            var states = (await stores.CrlStates(role).ListAsync(cancellationToken)).ToDictionary(s => s.Key, StringComparer.Ordinal);
            var name = RoleNames.Name(role);
            foreach (var authority in selected)
            {
                views.Add(ToView(authority.Id, "base", authority.CrlDistributionPoint, states.GetValueOrDefault(authority.Id), name));
                var deltaState = states.GetValueOrDefault($"{authority.Id}:delta");
                if (authority.DeltaCrlDistributionPoint is not null || deltaState is not null)
                {
                    views.Add(ToView(authority.Id, "delta", authority.DeltaCrlDistributionPoint, deltaState, name));
                }
            }
        }

        if (key is not null && views.Count == 0)
        {
            throw new CliRefusedException($"no trusted CA with id '{key}' (see 'certauth ca list').");
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

    private static CrlStatusView ToView(string caId, string kind, string? url, CrlStateRecord? state, string role) => new(
        caId, kind, url, state is not null, state?.ThisUpdate, state?.NextUpdate, state?.LastCrlNumber, state?.Entries, state?.LastFetch, state?.LastError, role);

    private static string Describe(CrlStatusView v)
    {
        var head = $"{v.CaId}  {v.Role}  {v.Kind}  url={v.Url ?? "-"}";
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
