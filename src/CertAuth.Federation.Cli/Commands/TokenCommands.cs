using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth token explain &lt;refresh-token-id|user-upn&gt; [--json]</c>.</summary>
internal static class TokenCommands
{
    public static Command Create(CommandRunner runner)
    {
        var token = new Command("token", "Look at the token service's refresh tokens the way the token endpoint does.");
        var key = new Argument<string>("token-or-user") { Description = "A refresh token record id (digits) or a user's UPN (each live token of the user)." };
        var json = CliCommandFactory.JsonOption();
        var explain = new Command(
            "explain",
            "Say whether a refresh would succeed and why not (client gone, revoked, family revoked, expired, user disabled, sessions revoked, "
            + "certificate revoked on the token service's CA list). Reads only. Exit 0: would refresh; 1: refused; 2: not found or bad input.")
        { key, json };
        explain.SetAction((parse, ct) => runner.RunAsync<TokenExplainHandler>(parse, (h, c) => h.ExplainAsync(parse.GetRequiredValue(key), parse.GetValue(json), c), ct));
        token.Subcommands.Add(explain);
        return token;
    }
}
