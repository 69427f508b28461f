using System.Text.Json;
using System.Text.Json.Nodes;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration.Themes;

/// <summary>A theme folder and whether it is the active one.</summary>
public sealed record ThemeEntry(string Name, bool Active, bool BuiltIn);

/// <summary>The themes and which one is active: <see cref="ActiveSource"/> says where the choice comes from.</summary>
public sealed record ThemeList(string Root, string Active, string ActiveSource, IReadOnlyList<ThemeEntry> Themes);

/// <summary>
/// Theme switching (issue 13): <see cref="SetActiveAsync"/> writes the active theme's name into the federation store
/// (table <c>fs_settings</c>, row <see cref="IFederationSettingsStore.ActiveThemeKey"/>), which every node of a farm reads
/// through a short cache, and audits the switch in the federation server's trail. The theme folders stay on disk under
/// <c>Themes:Path</c>. A <c>{Themes:Path}/active.json</c> from before is imported once (<see cref="ImportActiveFileAsync"/>).
/// </summary>
public sealed class ThemeManager(IAdminRoleStores stores, AdministrationOptions options, IFederationSettingsStore? settings = null)
{
    /// <summary>The built-in theme.</summary>
    public const string DefaultTheme = "default";

    /// <summary>The file that chose the active theme before it moved into the store; imported once at start-up.</summary>
    public const string ActiveFileName = "active.json";

    /// <summary>The themes folder, or null when this process has none.</summary>
    public string? ThemesRoot => options.ThemesPath;

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

    /// <summary>Where the active theme's name is kept (what <see cref="SetActiveAsync"/> returns).</summary>
    public const string StoreLocation = "the federation store (fs_settings)";

    /// <summary>Makes <paramref name="name"/> the active theme on every node (a store row); returns where it was written.</summary>
    public Task<AdminResult<string>> SetActiveAsync(string name, string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync(async _ =>
        {
            var store = Settings();
            var root = Root();
            CheckExists(root, name);
            await store.SetAsync(IFederationSettingsStore.ActiveThemeKey, name, actor, cancellationToken);

            // The token service has no federation store: its pages still follow active.json on this machine. The
            // federation server ignores the file once the store has a choice (it only imports it into an empty store).
            Directory.CreateDirectory(root);
            var path = Path.Combine(root, ActiveFileName);
            var temporary = path + ".tmp";
            var content = new JsonObject { ["active"] = name, ["setBy"] = actor }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            await File.WriteAllTextAsync(temporary, content + "\n", cancellationToken);
            File.Move(temporary, path, overwrite: true);
            await AuditAsync(actor, "theme.set-active", name, null, cancellationToken);
            return StoreLocation;
        });

    /// <summary>
    /// The upgrade path from a file-based switch: when the store has no active theme yet and <c>{Themes:Path}/active.json</c>
    /// names a theme, that name is written to the store (audited as <c>theme.import-active</c>); from then on the file is
    /// ignored. Returns the imported name, or null when there was nothing to import (no file, an unreadable file, or the
    /// store already has a choice). A file naming a theme that does not exist is refused with <see cref="AdminCodes.Theme"/>
    /// (nothing is imported).
    /// </summary>
    public Task<AdminResult<string?>> ImportActiveFileAsync(string actor, CancellationToken cancellationToken) =>
        AdminOperation.RunAsync<string?>(async _ =>
        {
            if (settings is null || options.ThemesPath is not { } root || ReadActiveFile(root) is not { } name)
            {
                return null;
            }

            if (await settings.GetAsync(IFederationSettingsStore.ActiveThemeKey, cancellationToken) is not null)
            {
                return null;
            }

            CheckExists(root, name);
            if (!await settings.TryAddAsync(IFederationSettingsStore.ActiveThemeKey, name, actor, cancellationToken))
            {
                return null;
            }

            await AuditAsync(actor, "theme.import-active", name, $"from={Path.Combine(root, ActiveFileName)}", cancellationToken);
            return name;
        });

    private static void CheckExists(string root, string name)
    {
        CheckName(name, "name");
        if (name != DefaultTheme && !File.Exists(Path.Combine(root, name, "theme.json")))
        {
            throw new AdminRefusal(AdminCodes.Theme, $"theme '{name}' not found in {root} (no theme.json); see 'certauth theme list'.");
        }
    }

    private IFederationSettingsStore Settings() =>
        settings ?? throw new AdminRefusal(AdminCodes.Theme, "the active theme lives in the federation store, which this process does not serve.");

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
        if (settings?.Get(IFederationSettingsStore.ActiveThemeKey) is { } stored && IsValidName(stored))
        {
            return (stored, StoreLocation);
        }

        return options.ConfiguredActiveTheme is { Length: > 0 } configured && IsValidName(configured)
            ? (configured, "Themes:Active in appsettings.json")
            : (DefaultTheme, "default");
    }

    private static string? ReadActiveFile(string root)
    {
        var path = Path.Combine(root, ActiveFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["active"]?.GetValue<string>() is { } name && IsValidName(name) ? name : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or IOException)
        {
            // An unreadable active.json is not imported; the configured theme applies.
            return null;
        }
    }
}
