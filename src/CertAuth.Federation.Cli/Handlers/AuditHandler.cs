using CertAuth.Federation.Administration.Audit;
using CertAuth.Federation.Cli.Output;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>The <c>audit list</c> verb: the newest administrative changes first, from both roles' audit trails.</summary>
internal sealed class AuditHandler(AuditQuery query, CliConsole console)
{
    public const int MaxTake = AuditQuery.MaxTake;

    public async Task<int> ListAsync(int take, bool json, CancellationToken cancellationToken)
    {
        var entries = (await query.ListAsync(take, cancellationToken)).Unwrap();
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
