using System.Globalization;
using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca crl-status</c> verb: what the server last saw of each CA's CRLs (rows keyed <c>&lt;caId&gt;</c> and
/// <c>&lt;caId&gt;:delta</c>), per role: each role keeps its own CRL state.
/// </summary>
internal sealed class CrlStatusHandler(TrustedAuthorityManager manager, CliConsole console)
{
    public async Task<int> ShowAsync(string? id, bool json, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var views = (await manager.CrlStatusAsync(id, roles, cancellationToken)).Unwrap().Select(ToView).ToList();
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

    private static CrlStatusView ToView(CrlStatusEntry e)
    {
        var state = e.State;
        return new(e.CaId, e.Kind, e.Url, state is not null, state?.ThisUpdate, state?.NextUpdate, state?.LastCrlNumber, state?.Entries, state?.LastFetch, state?.LastError, AdminRoles.Name(e.Role));
    }

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
