using System.Globalization;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca crl-refresh [&lt;id&gt;]</c> verb: asks every running role to download a CA's CRLs now (through the
/// shared store, which the roles poll every few seconds), instead of waiting for the cached CRL's nextUpdate.
/// </summary>
internal sealed class CrlRefreshHandler(RoleStores stores, CliConsole console, CliInvocation invocation)
{
    public async Task<int> RequestAsync(string? id, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var target = id is null ? "*" : id.Trim().ToUpperInvariant();
        var chosen = new List<StoreRole>();
        foreach (var role in roles)
        {
            if (id is null || await stores.Authorities(role).FindAsync(target, cancellationToken) is not null)
            {
                chosen.Add(role);
            }
        }

        if (chosen.Count == 0)
        {
            throw new CliRefusedException($"no trusted CA with id '{target}' (see 'certauth ca list').");
        }

        var requestedAt = default(DateTimeOffset);
        foreach (var role in chosen)
        {
            var requests = stores.CrlRefreshRequests(role);
            requestedAt = id is null
                ? await requests.RequestAllAsync(invocation.Actor, cancellationToken)
                : await requests.RequestAsync(target, invocation.Actor, cancellationToken);
            await stores.Audit(role).WriteAsync(invocation.Actor, "ca.crl-refresh", target, null, cancellationToken);
        }

        console.Line($"CRL refresh requested for {(target == "*" ? "every trusted CA" : target)} at {requestedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}; running services pick it up within seconds (see 'certauth ca crl-status').");
        return CliApplication.Ok;
    }
}
