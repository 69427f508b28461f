using System.Text.Json;
using System.Text.Json.Nodes;
using CertAuth.Federation.Cli.Hosting;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage.Stores;

using CertAuth.Federation.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Handlers;

/// <summary>
/// The <c>theme</c> verbs over the themes folder (<c>Themes:Path</c>, default <c>themes</c> next to appsettings.json).
/// <c>set-active</c> writes the active theme into the federation store (through ThemeManager), which every node of the
/// federation server reads through a short cache, so it applies without a restart; it overrides <c>Themes:Active</c>
/// from appsettings.json.
/// </summary>
internal sealed class ThemeHandler(CliConsole console, CliInvocation invocation, Administration.Themes.ThemeManager themes)
{
    public const string DefaultTheme = "default";
    public const int MaxNameLength = 64;

    public Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var root = ThemesRoot();
        var current = themes.List().Unwrap();
        var (active, source) = (current.Active, current.ActiveSource);
        var names = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
                .Where(n => IsValidName(n) && File.Exists(Path.Combine(root, n, "theme.json"))).Order(StringComparer.Ordinal).ToList()
            : [];
        var views = names.Select(n => Describe(root, n, active)).ToList();
        if (!names.Contains(DefaultTheme, StringComparer.Ordinal))
        {
            views.Insert(0, new ThemeView(DefaultTheme, null, [], false, active == DefaultTheme, BuiltIn: true));
        }

        if (json)
        {
            console.Json(views);
            return Task.FromResult(CliApplication.Ok);
        }

        console.Line($"themes in {root}; active: {active} ({source})");
        foreach (var v in views)
        {
            var locales = v.Locales.Count == 0 ? "-" : string.Join(",", v.Locales);
            console.Line($"{(v.Active ? "*" : " ")} {v.Name}  company={v.CompanyName ?? "-"}  locales={locales}  views={(v.HasViews ? "yes" : "no")}{(v.BuiltIn ? "  (built in)" : string.Empty)}");
        }

        if (!names.Contains(active, StringComparer.Ordinal) && active != DefaultTheme)
        {
            console.Warning($"the active theme '{active}' has no folder; the server uses the default theme until it exists.");
        }

        return Task.FromResult(CliApplication.Ok);
    }

    public async Task<int> NewAsync(string name, string from, CancellationToken cancellationToken)
    {
        var target = (await themes.CreateAsync(name, from, invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"created theme {name} in {target} (copied from {from}).");
        console.Line($"edit theme.json, texts/<locale>.json, theme.css and images/ there; preview with /adfs/portal/preview?theme={name}; activate with 'certauth theme set-active {name}'.");
        return CliApplication.Ok;
    }

    public Task<int> ExportAsync(string name, string directory, CancellationToken cancellationToken)
    {
        var root = ThemesRoot();
        var source = Path.Combine(root, CheckName(name, "name"));
        if (!File.Exists(Path.Combine(source, "theme.json")))
        {
            throw new CliRefusedException($"theme '{name}' not found in {root} (no theme.json).");
        }

        var target = invocation.ResolveCommandLinePath(directory);
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new CliRefusedException($"'{target}' exists and is not an empty folder; choose a new folder.");
        }

        var count = AdminResultExtensions.Rule(() => Administration.Themes.ThemeManager.CopyTree(source, target, cancellationToken));
        console.Line($"exported theme {name} to {target} ({count} files).");
        return Task.FromResult(CliApplication.Ok);
    }

    public async Task<int> SetActiveAsync(string name, CancellationToken cancellationToken)
    {
        var path = (await themes.SetActiveAsync(name, invocation.Actor, cancellationToken)).Unwrap();
        console.Line($"active theme is now {name} (in {path}); every federation-server node switches within seconds (Themes:ActiveCacheLifetime).");
        return CliApplication.Ok;
    }

    private string ThemesRoot() =>
        invocation.Settings.ResolvePath(invocation.Settings.Configuration["Themes:Path"] is { Length: > 0 } configured ? configured : "themes");

    private static ThemeView Describe(string root, string name, string active)
    {
        string? company = null;
        try
        {
            company = JsonNode.Parse(File.ReadAllText(Path.Combine(root, name, "theme.json")))?["companyName"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            company = "(theme.json is not valid JSON)";
        }

        var texts = Path.Combine(root, name, "texts");
        var locales = Directory.Exists(texts)
            ? Directory.GetFiles(texts, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        var views = Path.Combine(root, name, "views");
        return new ThemeView(name, company, locales, Directory.Exists(views) && Directory.EnumerateFiles(views, "*.cshtml", SearchOption.AllDirectories).Any(), name == active, BuiltIn: false);
    }

    private static string CheckName(string value, string what) => IsValidName(value)
        ? value
        : throw new CliRefusedException($"{what} '{value}' must be 1-{MaxNameLength} letters, digits, '-' or '_'.");

    private static bool IsValidName(string value) =>
        value.Length is > 0 and <= MaxNameLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
