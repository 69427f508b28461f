using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>audit list</c> verb: the newest administrative changes first, from both roles' audit trails.</summary>
internal sealed class AuditHandler(RoleStores stores, CliConsole console)
{
    public const int MaxTake = 10_000;

    public async Task<int> ListAsync(int take, bool json, CancellationToken cancellationToken)
    {
        if (take is < 1 or > MaxTake)
        {
            throw new CliRefusedException($"--take must be between 1 and {MaxTake}.");
        }

        var entries = (await stores.Audit(StoreRole.Federation).ListAsync(take, cancellationToken))
            .Concat(await stores.Audit(StoreRole.TokenService).ListAsync(take, cancellationToken))
            .OrderByDescending(e => e.Timestamp)
            .Take(take)
            .ToList();
        if (json)
        {
            console.Json(entries.Select(e => new AuditEntryView(e.Id, e.Timestamp, e.Actor, e.Action, e.Target, e.Details)));
            return CliApplication.Ok;
        }

        if (entries.Count == 0)
        {
            console.Line("no audit entries.");
        }

        foreach (var e in entries)
        {
            var details = e.Details is null ? string.Empty : $"  {e.Details}";
            console.Line($"{CliConsole.Instant(e.Timestamp)}  {e.Actor}  {e.Action}  {e.Target}{details}");
        }

        return CliApplication.Ok;
    }
}
