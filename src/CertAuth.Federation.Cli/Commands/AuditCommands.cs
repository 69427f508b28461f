using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth audit list</c>.</summary>
internal static class AuditCommands
{
    public static Command Create(CommandRunner runner)
    {
        var audit = new Command("audit", "Read the administrative audit log.");
        var take = new Option<int>("--take") { Description = "Number of newest entries to show.", DefaultValueFactory = _ => 50 };
        var json = CliCommandFactory.JsonOption();
        var list = new Command("list", "List audit entries, newest first.") { take, json };
        list.SetAction((parse, ct) => runner.RunAsync<AuditHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(take), parse.GetValue(json), c), ct));
        audit.Subcommands.Add(list);
        return audit;
    }
}
