using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth rp add|list|set|remove</c>.</summary>
internal static class RelyingPartyCommands
{
    public static Command Create(CommandRunner runner)
    {
        var rp = new Command("rp", "Manage relying-party trusts (SAML service providers).");
        rp.Subcommands.Add(Add(runner));

        var json = CliCommandFactory.JsonOption();
        var list = new Command("list", "List relying parties.") { json };
        list.SetAction((parse, ct) => runner.RunAsync<RelyingPartyHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(json), c), ct));
        rp.Subcommands.Add(list);

        rp.Subcommands.Add(Set(runner));

        var removeId = EntityIdArgument();
        var remove = new Command("remove", "Remove a relying-party trust.") { removeId };
        remove.SetAction((parse, ct) => runner.RunAsync<RelyingPartyHandler>(parse, (h, c) => h.RemoveAsync(parse.GetRequiredValue(removeId), c), ct));
        rp.Subcommands.Add(remove);
        return rp;
    }

    private static Command Add(CommandRunner runner)
    {
        var entityId = new Argument<string?>("entity-id")
        {
            Description = "The SP's SAML entity id (optional with --metadata).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var metadata = new Option<string?>("--metadata") { Description = "Import the SP's SAML metadata from a file or an https URL." };
        var options = new RelyingPartyOptionSet(forSet: false);
        var add = new Command("add", "Add a relying-party trust, from options or from SAML metadata.") { entityId, metadata };
        options.AddTo(add);
        add.Validators.Add(result =>
        {
            if (result.GetResult(entityId) is null && result.GetResult(metadata) is null)
            {
                result.AddError("give the relying party's entity id, or --metadata <file|https-url>.");
            }
        });
        add.SetAction((parse, ct) => runner.RunAsync<RelyingPartyHandler>(parse, (h, c) => h.AddAsync(
            parse.GetValue(entityId),
            options.Read(parse) with { Metadata = parse.GetValue(metadata) },
            c), ct));
        return add;
    }

    private static Command Set(CommandRunner runner)
    {
        var entityId = EntityIdArgument();
        var options = new RelyingPartyOptionSet(forSet: true);
        var set = new Command("set", "Change a relying-party trust. --acs replaces the list; --add-acs/--remove-acs edit it.") { entityId };
        options.AddTo(set);
        set.SetAction((parse, ct) => runner.RunAsync<RelyingPartyHandler>(parse, (h, c) => h.SetAsync(
            parse.GetRequiredValue(entityId), options.Read(parse), c), ct));
        return set;
    }

    private static Argument<string> EntityIdArgument() => new("entity-id") { Description = "The relying party's SAML entity id." };
}
