using System.Globalization;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>ca crl-refresh [&lt;id&gt;]</c> verb: asks every running role to download a CA's CRLs now (through the
/// shared store, which the roles poll every few seconds), instead of waiting for the cached CRL's nextUpdate.
/// </summary>
internal sealed class CrlRefreshHandler(
    ITrustedAuthorityStore authorities,
    ICrlRefreshRequestStore requests,
    IAuditLog audit,
    CliConsole console,
    CliInvocation invocation)
{
    public async Task<int> RequestAsync(string? id, CancellationToken cancellationToken)
    {
        DateTimeOffset requestedAt;
        string target;
        if (id is null)
        {
            requestedAt = await requests.RequestAllAsync(invocation.Actor, cancellationToken);
            target = "*";
        }
        else
        {
            var key = id.Trim().ToUpperInvariant();
            _ = await authorities.FindAsync(key, cancellationToken)
                ?? throw new CliRefusedException($"no trusted CA with id '{key}' (see 'certauth ca list').");
            requestedAt = await requests.RequestAsync(key, invocation.Actor, cancellationToken);
            target = key;
        }

        await audit.WriteAsync(invocation.Actor, "ca.crl-refresh", target, null, cancellationToken);
        console.Line($"CRL refresh requested for {(target == "*" ? "every trusted CA" : target)} at {requestedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}; running services pick it up within seconds (see 'certauth ca crl-status').");
        return CliApplication.Ok;
    }
}
