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
            await AuditAsync(actor, "theme.set-active", name, null, cancellationToken);
            return path;
        });

    /// <summary>Largest file copied into a new theme (themes hold texts, CSS and images).</summary>
    private const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>Creates theme <paramref name="name"/> as a copy of <paramref name="from"/>; returns its folder.</summary>
    public Task<AdminResult<string>> CreateAsync(string name, string from, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var root = Root();
            var target = Path.Combine(root, CheckName(name, "name"));
            var source = Path.Combine(root, CheckName(from, "--from"));
            if (!File.Exists(Path.Combine(source, "theme.json")))
            {
                throw new AdminRefusal(AdminCodes.Theme, $"theme '{from}' not found in {root} (no theme.json).");
            }

            if (Directory.Exists(target) || File.Exists(target))
            {
                throw new AdminRefusal(AdminCodes.Duplicate, $"theme '{name}' already exists in {root}.");
            }

            CopyTree(source, target, cancellationToken);
            var manifestPath = Path.Combine(target, "theme.json");
            var manifest = ReadManifest(manifestPath);
            manifest["name"] = name;
            await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
            await AuditAsync(actor, "theme.new", name, $"from={from}", cancellationToken);
            return target;
        });

    /// <summary>Copies regular files and folders (no links, no active.json, no dot files), refusing oversized files; returns the number of files.</summary>
    public static int CopyTree(string source, string target, CancellationToken cancellationToken)
    {
        var count = 0;
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is not null || entry.Name == ActiveFileName || entry.Name.StartsWith('.'))
            {
                continue;
            }

            if (entry is DirectoryInfo folder)
            {
                count += CopyTree(folder.FullName, Path.Combine(target, folder.Name), cancellationToken);
            }
            else if (entry is FileInfo file)
            {
                if (file.Length > MaxFileBytes)
                {
                    throw new AdminRefusal(AdminCodes.Theme, $"{file.FullName} is larger than {MaxFileBytes / (1024 * 1024)} MiB; themes hold texts, CSS and images.");
                }

                file.CopyTo(Path.Combine(target, file.Name));
                count++;
            }
        }

        return count;
    }

    private static JsonObject ReadManifest(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new AdminRefusal(AdminCodes.Theme, $"{path} is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new AdminRefusal(AdminCodes.Theme, $"{path} is not valid JSON: {ex.Message}");
        }
    }

    private Task AuditAsync(string actor, string action, string target, string? details, CancellationToken cancellationToken) =>
        stores.Audit(stores.Roles.Contains(StoreRole.Federation) ? StoreRole.Federation : stores.Roles[0]).WriteAsync(actor, action, target, details, cancellationToken);

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
