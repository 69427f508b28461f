using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth client add|list|remove</c>: OAuth clients of the token service.</summary>
internal static class ClientCommands
{
    public static Command Create(CommandRunner runner)
    {
        var client = new Command("client", "Manage the OAuth clients of the token service.");

        var id = new Argument<string>("client-id") { Description = "The client id." };
        var redirect = new Option<string[]>("--redirect-uri") { Description = "Exact redirect URI (repeatable; https, or http on loopback).", Required = true, AllowMultipleArgumentsPerToken = false };
        var confidential = new Option<bool>("--confidential") { Description = "A confidential client: a secret is generated and shown once." };
        var displayName = new Option<string?>("--display-name") { Description = "Display name." };
        var scope = new Option<string[]>("--scope") { Description = "Allowed scope (repeatable; default openid profile email offline_access)." };
        var grant = new Option<string[]>("--grant") { Description = "Allowed grant type (repeatable; default authorization_code and refresh_token)." };
        var postLogout = new Option<string[]>("--post-logout-redirect-uri") { Description = "Where /oauth2/logout may return the browser after sign-out (repeatable; exact; https, or http on loopback).", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Register a client.") { id, redirect, confidential, displayName, scope, grant, postLogout };
        add.SetAction((parse, ct) => runner.RunAsync<ClientHandler>(parse, (h, c) => h.AddAsync(
            parse.GetRequiredValue(id), parse.GetValue(redirect) ?? [], parse.GetValue(confidential), parse.GetValue(displayName),
            parse.GetValue(scope) ?? [], parse.GetValue(grant) ?? [], c, parse.GetValue(postLogout) ?? []), ct));
        client.Subcommands.Add(add);

        var json = CliCommandFactory.JsonOption();
        var list = new Command("list", "List clients.") { json };
        list.SetAction((parse, ct) => runner.RunAsync<ClientHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(json), c), ct));
        client.Subcommands.Add(list);

        var removeId = new Argument<string>("client-id") { Description = "The client id." };
        var remove = new Command("remove", "Remove a client.") { removeId };
        remove.SetAction((parse, ct) => runner.RunAsync<ClientHandler>(parse, (h, c) => h.RemoveAsync(parse.GetRequiredValue(removeId), c), ct));
        client.Subcommands.Add(remove);
        return client;
    }
}
