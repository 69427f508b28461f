using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth federation add|set|list|remove</c>: federation servers trusted by the token service.</summary>
internal static class FederationCommands
{
    public static Command Create(CommandRunner runner)
    {
        var federation = new Command("federation", "Manage the federation servers whose SAML tokens the token service accepts.");

        var entityId = new Argument<string?>("entity-id") { Description = "The federation server's entity id (optional with --metadata).", Arity = ArgumentArity.ZeroOrOne };
        var metadata = new Option<string?>("--metadata") { Description = "Import from the server's SAML metadata (file or https URL)." };
        var sso = new Option<string?>("--sso") { Description = "Single sign-on URL (HTTP-Redirect binding)." };
        var cert = new Option<string[]>("--signing-cert") { Description = "Token-signing certificate (repeatable, for key rollover)." };
        var unsolicited = new Option<bool>("--allow-unsolicited") { Description = "Accept IdP-initiated (unsolicited) responses; RelayState names the client." };
        var displayName = new Option<string?>("--display-name") { Description = "Display name." };
        var metadataUrl = new Option<string?>("--metadata-url")
        {
            Description = "https URL of the server's metadata, refreshed on a schedule (signing-certificate rollover with no admin step); each document must be signed by a certificate the trust already has.",
        };
        var add = new Command("add", "Trust a federation server.") { entityId, metadata, sso, cert, unsolicited, displayName, metadataUrl };
        add.SetAction((parse, ct) => runner.RunAsync<FederationHandler>(parse, (h, c) => h.AddAsync(
            parse.GetValue(entityId), parse.GetValue(metadata), parse.GetValue(sso), parse.GetValue(cert) ?? [],
            parse.GetValue(unsolicited), parse.GetValue(displayName), parse.GetValue(metadataUrl), c), ct));
        federation.Subcommands.Add(add);

        var setId = new Argument<string>("entity-id") { Description = "The federation server's entity id." };
        var setMetadataUrl = new Option<string?>("--metadata-url") { Description = "The metadata URL to refresh from; an empty value stops refreshing.", Required = true };
        var set = new Command("set", "Change a trusted federation server's metadata URL.") { setId, setMetadataUrl };
        set.SetAction((parse, ct) => runner.RunAsync<FederationHandler>(parse, (h, c) => h.SetAsync(parse.GetRequiredValue(setId), parse.GetValue(setMetadataUrl), c), ct));
        federation.Subcommands.Add(set);

        var json = CliCommandFactory.JsonOption();
        var list = new Command("list", "List trusted federation servers.") { json };
        list.SetAction((parse, ct) => runner.RunAsync<FederationHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(json), c), ct));
        federation.Subcommands.Add(list);

        var removeId = new Argument<string>("entity-id") { Description = "The federation server's entity id." };
        var remove = new Command("remove", "Stop trusting a federation server.") { removeId };
        remove.SetAction((parse, ct) => runner.RunAsync<FederationHandler>(parse, (h, c) => h.RemoveAsync(parse.GetRequiredValue(removeId), c), ct));
        federation.Subcommands.Add(remove);
        return federation;
    }
}
