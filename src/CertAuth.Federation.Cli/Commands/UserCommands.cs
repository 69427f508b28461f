using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth user add|list|disable|enable|revoke-sessions</c>.</summary>
internal static class UserCommands
{
    public static Command Create(CommandRunner runner)
    {
        var user = new Command("user", "Manage the users that certificates map to.");

        var upn = new Argument<string>("upn") { Description = "User principal name (local@domain)." };
        var email = new Option<string?>("--email") { Description = "E-mail address (used when a certificate carries only an RFC 822 name)." };
        var displayName = new Option<string?>("--display-name") { Description = "Display name." };
        var immutableId = new Option<string?>("--immutable-id") { Description = "Stable identifier (default: a new GUID)." };
        var add = new Command("add", "Add a user.") { upn, email, displayName, immutableId };
        add.SetAction((parse, ct) => runner.RunAsync<UserHandler>(parse, (h, c) => h.AddAsync(
            parse.GetRequiredValue(upn), parse.GetValue(email), parse.GetValue(displayName), parse.GetValue(immutableId), c), ct));
        user.Subcommands.Add(add);

        var json = CliCommandFactory.JsonOption();
        var list = new Command("list", "List users.") { json };
        list.SetAction((parse, ct) => runner.RunAsync<UserHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(json), c), ct));
        user.Subcommands.Add(list);

        user.Subcommands.Add(UpnVerb(runner, "disable", "Disable a user: certificate sign-in, and token requests of every token-service user with this UPN, are refused.", (h, u, c) => h.SetEnabledAsync(u, false, c)));
        user.Subcommands.Add(UpnVerb(runner, "enable", "Enable a disabled user.", (h, u, c) => h.SetEnabledAsync(u, true, c)));
        var revokeUpn = new Argument<string>("upn") { Description = "User principal name." };
        var trust = new Option<string?>("--trust") { Description = "Only the token-service user from this federation trust (entity id)." };
        var revoke = new Command(
            "revoke-sessions",
            "Refuse every refresh token of the user's sign-ins before now (StsRefreshTokensValidFrom), for every token-service user with this UPN across federation trusts (or --trust's); prints the instant and how many.")
        {
            revokeUpn, trust,
        };
        revoke.SetAction((parse, ct) => runner.RunAsync<UserHandler>(parse, (h, c) => h.RevokeSessionsAsync(parse.GetRequiredValue(revokeUpn), parse.GetValue(trust), c), ct));
        user.Subcommands.Add(revoke);
        return user;
    }

    private static Command UpnVerb(CommandRunner runner, string name, string description, Func<UserHandler, string, CancellationToken, Task<int>> action)
    {
        var upn = new Argument<string>("upn") { Description = "User principal name." };
        var command = new Command(name, description) { upn };
        command.SetAction((parse, ct) => runner.RunAsync<UserHandler>(parse, (h, c) => action(h, parse.GetRequiredValue(upn), c), ct));
        return command;
    }
}
