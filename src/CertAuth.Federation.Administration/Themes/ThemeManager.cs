using System.Text.Json;
using System.Text.Json.Nodes;
using CertAuth.Federation.Storage;

namespace CertAuth.Federation.Administration.Themes;

/// <summary>A theme folder and whether it is the active one.</summary>
public sealed record ThemeEntry(string Name, bool Active, bool BuiltIn);

/// <summary>The themes and which one is active: <see cref="ActiveSource"/> says where the choice comes from.</summary>
public sealed record ThemeList(string Root, string Active, string ActiveSource, IReadOnlyList<ThemeEntry> Themes);

/// <summary>
/// Theme switching: <see cref="SetActiveAsync"/> writes <c>{Themes:Path}/active.json</c>, which running servers watch,
/// and audits the switch in the federation server's trail.
/// </summary>
public sealed class ThemeManager(IAdminRoleStores stores, AdministrationOptions options)
{
    /// <summary>The built-in theme.</summary>
    public const string DefaultTheme = "default";

    /// <summary>The file that overrides <c>Themes:Active</c>.</summary>
    public const string ActiveFileName = "active.json";

    /// <summary>Longest theme name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The themes (folders with a theme.json) and the active one; the built-in default is listed when it has no folder.</summary>
    public AdminResult<ThemeList> List() => AdminOperation.Run(_ =>
    {
        var root = Root();
        var (active, source) = ActiveTheme(root);
        var names = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
                .Where(n => IsValidName(n) && File.Exists(Path.Combine(root, n, "theme.json"))).Order(StringComparer.Ordinal).ToList()
            : [];
        var themes = names.Select(n => new ThemeEntry(n, n == active, BuiltIn: false)).ToList();
        if (!names.Contains(DefaultTheme, StringComparer.Ordinal))
        {
            themes.Insert(0, new ThemeEntry(DefaultTheme, active == DefaultTheme, BuiltIn: true));
        }

        return new ThemeList(root, active, source, themes);
    });

    /// <summary>Makes <paramref name="name"/> the active theme; returns the path of active.json.</summary>
    public Task<AdminResult<string>> SetActiveAsync(string name, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var root = Root();
            CheckName(name, "name");
            if (name != DefaultTheme && !File.Exists(Path.Combine(root, name, "theme.json")))
            {
                throw new AdminRefusal(AdminCodes.Theme, $"theme '{name}' not found in {root} (no theme.json); see 'certauth theme list'.");
            }

            Directory.CreateDirectory(root);
            var path = Path.Combine(root, ActiveFileName);
            var temporary = path + ".tmp";
            var content = new JsonObject { ["active"] = name, ["setBy"] = actor }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            await File.WriteAllTextAsync(temporary, content + "\n", cancellationToken);
            File.Move(temporary, path, overwrite: true);
            await stores.Audit(stores.Roles.Contains(StoreRole.Federation) ? StoreRole.Federation : stores.Roles[0])
                .WriteAsync(actor, "theme.set-active", name, null, cancellationToken);
            return path;
        });

    /// <summary>Refuses a name that is not 1-64 letters, digits, '-' or '_'.</summary>
    internal static string CheckName(string? value, string what) => value is not null && IsValidName(value)
        ? value
        : throw new AdminRefusal(AdminCodes.ThemeName, $"{what} '{value}' must be 1-{MaxNameLength} letters, digits, '-' or '_'.");

    /// <summary>True for 1-64 letters, digits, '-' or '_'.</summary>
    public static bool IsValidName(string value) =>
        value.Length is > 0 and <= MaxNameLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private string Root() => options.ThemesPath ?? throw new AdminRefusal(AdminCodes.Theme, "no themes folder is configured here (Themes:Path).");

    private (string Name, string Source) ActiveTheme(string root)
    {
        var path = Path.Combine(root, ActiveFileName);
        if (File.Exists(path))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(path))?["active"]?.GetValue<string>() is { } name && IsValidName(name))
                {
                    return (name, path);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                // An unreadable active.json is ignored by the servers too; the configured theme applies.
            }
        }

        return options.ConfiguredActiveTheme is { Length: > 0 } configured && IsValidName(configured)
            ? (configured, "Themes:Active in appsettings.json")
            : (DefaultTheme, "default");
    }
}
