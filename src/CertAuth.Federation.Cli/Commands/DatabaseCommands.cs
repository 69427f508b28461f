using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;
using CertAuth.Federation.Cli.Hosting;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth db migrate [--role federation|tokenservice|both]</c>.</summary>
internal static class DatabaseCommands
{
    public static Command Create(CommandRunner runner)
    {
        var db = new Command("db", "Manage the roles' databases.");
        var role = CliCommandFactory.RoleOption();
        role.Description = "Which role's store to migrate: federation, tokenservice or both.";
        var migrate = new Command("migrate", "Apply the pending schema migrations (needed when Storage:MigrateAtStartup is false).") { role };
        migrate.SetAction((parse, ct) => runner.RunAsync<DatabaseHandler>(
            parse, (h, c) => h.MigrateAsync(RoleNames.Parse(parse.GetValue(role)), c), ct, initializeStorage: false));
        db.Subcommands.Add(migrate);
        return db;
    }
}
