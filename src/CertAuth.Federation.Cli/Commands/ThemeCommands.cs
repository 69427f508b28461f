using System.CommandLine;
using CertAuth.Federation.Cli.Handlers;

namespace CertAuth.Federation.Cli.Commands;

/// <summary><c>certauth theme list|new|export|set-active</c>: the error-page themes under <c>themes/</c>.</summary>
internal static class ThemeCommands
{
    public static Command Create(CommandRunner runner)
    {
        var theme = new Command("theme", "Manage the themes of the sign-in error pages (folders under Themes:Path, default themes/).");

        var json = CliCommandFactory.JsonOption();
        var list = new Command("list", "List the themes and which one is active.") { json };
        list.SetAction((parse, ct) => runner.RunAsync<ThemeHandler>(parse, (h, c) => h.ListAsync(parse.GetValue(json), c), ct));
        theme.Subcommands.Add(list);

        var newName = NameArgument("Name of the new theme (letters, digits, '-' or '_').");
        var from = new Option<string>("--from") { Description = "Theme to copy (default: default).", DefaultValueFactory = _ => "default" };
        var create = new Command("new", "Create a theme by copying another; then edit its theme.json, texts/, theme.css and images/.") { newName, from };
        create.SetAction((parse, ct) => runner.RunAsync<ThemeHandler>(
            parse, (h, c) => h.NewAsync(parse.GetRequiredValue(newName), parse.GetRequiredValue(from), c), ct));
        theme.Subcommands.Add(create);

        var exportName = NameArgument("Theme to export.");
        var directory = new Argument<string>("dir") { Description = "Folder to write the theme's files to (must not exist or be empty)." };
        var export = new Command("export", "Copy a theme's files to a folder (to version them, or to move them to another server).") { exportName, directory };
        export.SetAction((parse, ct) => runner.RunAsync<ThemeHandler>(
            parse, (h, c) => h.ExportAsync(parse.GetRequiredValue(exportName), parse.GetRequiredValue(directory), c), ct, initializeStorage: false));
        theme.Subcommands.Add(export);

        var activeName = NameArgument("Theme to make active.");
        var setActive = new Command("set-active", "Make a theme active on every federation-server node (a row in the federation store); nodes switch within seconds.") { activeName };
        setActive.SetAction((parse, ct) => runner.RunAsync<ThemeHandler>(parse, (h, c) => h.SetActiveAsync(parse.GetRequiredValue(activeName), c), ct));
        theme.Subcommands.Add(setActive);
        return theme;
    }

    private static Argument<string> NameArgument(string description) => new("name") { Description = description };
}
