using System.CommandLine;

namespace CertAuth.Federation.Cli.Commands;

/// <summary>Builds the <c>certauth</c> command tree. Definitions only; the work is done by the handlers.</summary>
internal static class CliCommandFactory
{
    public static RootCommand Create(CommandRunner runner)
    {
        var root = new RootCommand(
            "certauth: administer CertAuth.Federation (users, relying parties, trusted CAs, audit, development PKI). "
            + "Changes are written to the database named in appsettings.json; the server picks them up without a restart.");
        root.Options.Add(runner.ConfigOption);
        root.Options.Add(runner.ActorOption);
        root.Subcommands.Add(UserCommands.Create(runner));
        root.Subcommands.Add(RelyingPartyCommands.Create(runner));
        root.Subcommands.Add(CertificateAuthorityCommands.Create(runner));
        root.Subcommands.Add(ClientCommands.Create(runner));
        root.Subcommands.Add(FederationCommands.Create(runner));
        root.Subcommands.Add(AuditCommands.Create(runner));
        root.Subcommands.Add(DevCertsCommands.Create(runner));
        root.Subcommands.Add(ThemeCommands.Create(runner));
        root.Subcommands.Add(DatabaseCommands.Create(runner));
        root.Subcommands.Add(CertificateCommands.Create(runner));
        root.Subcommands.Add(TokenCommands.Create(runner));
        root.Subcommands.Add(KeysCommands.Create(runner));
        root.Subcommands.Add(SigningCertificateCommands.Create(runner));
        return root;
    }

    /// <summary>The <c>--json</c> switch of the list verbs.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON." };

    /// <summary><c>--role federation|tokenservice|both</c> (default both): which role's store a verb addresses.</summary>
    public static Option<string> RoleOption()
    {
        var role = new Option<string>("--role")
        {
            Description = "Which role's list: federation (sign-in), tokenservice (refresh-time revocation check) or both.",
            DefaultValueFactory = _ => Hosting.RoleNames.Both,
        };
        role.AcceptOnlyFromAmong(Hosting.RoleNames.Federation, Hosting.RoleNames.TokenService, Hosting.RoleNames.Both);
        return role;
    }
}
