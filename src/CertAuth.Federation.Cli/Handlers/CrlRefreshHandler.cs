using System.Globalization;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca crl-refresh [&lt;id&gt;]</c> verb: asks every running role to download a CA's CRLs now (through the
/// shared store, which the roles poll every few seconds), instead of waiting for the cached CRL's nextUpdate.
/// </summary>
internal sealed class CrlRefreshHandler(TrustedAuthorityManager manager, CliConsole console, CliInvocation invocation)
{
    public async Task<int> RequestAsync(string? id, IReadOnlyList<StoreRole> roles, CancellationToken cancellationToken)
    {
        var requested = (await manager.RequestCrlRefreshAsync(id, roles, invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"CRL refresh requested for {(requested.Target == "*" ? "every trusted CA" : requested.Target)} at {requested.RequestedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}; running services pick it up within seconds (see 'certauth ca crl-status').");
        return CliApplication.Ok;
    }
}
