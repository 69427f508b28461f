using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;
using CertAuth.Federation.Cli.Hosting;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth keys rotate [--role tokenservice] [--activate-in &lt;time&gt;]</c> (issue 13).</summary>
internal static class KeysCommands
{
    public static Command Create(CommandRunner runner)
    {
        var keys = new Command("keys", "Manage the roles' signing keys.");
        var role = new Option<string>("--role")
        {
            Description = "Whose keys: tokenservice (its JWT signing keys, kept in its database).",
            DefaultValueFactory = _ => RoleNames.TokenService,
        };
        role.AcceptOnlyFromAmong(RoleNames.TokenService);
        var activateIn = new Option<TimeSpan?>("--activate-in")
        {
            Description = "How long the new key is published before it signs (default: twice TokenService:SigningKeys:RefreshInterval, so every node publishes it first).",
        };
        var rotate = new Command("rotate", "Add a new signing key: published now, signing from --activate-in on; the previous key stays published until its tokens expire.") { role, activateIn };
        rotate.SetAction((parse, ct) => runner.RunAsync<KeysHandler>(parse, (h, c) => h.RotateAsync(parse.GetValue(activateIn), c), ct));
        keys.Subcommands.Add(rotate);
        return keys;
    }
}
