using System.Collections.Concurrent;
using System.Text.Json;
using CertAuth.Federation.Server.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CertAuth.Federation.Server.Themes;

/// <summary>
/// The themes the pages use: folders under <see cref="ThemeOptions.Path"/> plus the built-in default. Each theme is
/// parsed once and cached with a file-change token for its folder; an edit, a new theme, or a new
/// <c>active.json</c> is picked up on the next request — no restart, and no disk parsing per request.
/// </summary>
public sealed class ThemeCatalog : IDisposable
{
    private readonly ThemeOptions _options;
    private readonly ThemeLoader _loader;
    private readonly ILogger<ThemeCatalog> _logger;
    private readonly PhysicalFileProvider? _root;
    private readonly ConcurrentDictionary<string, Entry> _themes = new(StringComparer.Ordinal);
    private volatile ActiveEntry? _active;

    internal ThemeCatalog(IOptions<ThemeOptions> options, ContentRoot contentRoot, ThemeLoader loader, ILogger<ThemeCatalog> logger)
    {
        _options = options.Value;
        _loader = loader;
        _logger = logger;
        RootPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot.Path, _options.Path));
        BuiltIn = loader.Load(ThemeNames.Default, new EmbeddedThemeFiles());
        if (Directory.Exists(RootPath))
        {
            _root = new PhysicalFileProvider(RootPath)
            {
                UsePollingFileWatcher = _options.UsePolling,
                UseActivePolling = _options.UsePolling,
            };
        }
        else
        {
            logger.ThemesFolderMissing(RootPath);
        }
    }

    /// <summary>The themes folder (absolute).</summary>
    public string RootPath { get; }

    /// <summary>The default theme compiled into the server: the last fallback for every file and text.</summary>
    public Theme BuiltIn { get; }

    /// <summary>The themes folder as a file provider, or null when the folder does not exist.</summary>
    internal IFileProvider? Root => _root;

    /// <summary>The active theme's name: <c>active.json</c> when present and valid, else <see cref="ThemeOptions.Active"/>.</summary>
    public string ActiveName
    {
        get
        {
            var entry = _active;
            if (entry is null || entry.Token.HasChanged)
            {
                entry = ReadActive();
                _active = entry;
            }

            return entry.Name ?? _options.Active;
        }
    }

    /// <summary>The theme to render with: <paramref name="requested"/> when it exists, else the active theme, else the built-in one.</summary>
    public Theme Resolve(string? requested)
    {
        if (requested is not null && Find(requested) is { } theme)
        {
            return theme;
        }

        return Find(ActiveName) ?? BuiltIn;
    }

    /// <summary>The named theme, or null when there is no such folder with a <c>theme.json</c> (the built-in default always exists).</summary>
    public Theme? Find(string name)
    {
        if (!ThemeNames.IsValid(name))
        {
            return null;
        }

        if (_themes.TryGetValue(name, out var cached) && !cached.Token.HasChanged)
        {
            return cached.Theme;
        }

        var entry = Load(name);
        _themes[name] = entry;
        return entry.Theme;
    }

    /// <summary>Names of the themes on disk (with a <c>theme.json</c>) and the built-in default, sorted.</summary>
    public IReadOnlyList<string> Names()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal) { ThemeNames.Default };
        if (_root is not null)
        {
            foreach (var folder in _root.GetDirectoryContents(string.Empty).Where(f => f.IsDirectory && ThemeNames.IsValid(f.Name)))
            {
                if (_root.GetFileInfo(folder.Name + "/theme.json").Exists)
                {
                    names.Add(folder.Name);
                }
            }
        }

        return [.. names];
    }

    public void Dispose() => _root?.Dispose();

    private Entry Load(string name)
    {
        if (_root is null)
        {
            return new Entry(name == ThemeNames.Default ? BuiltIn : null, NullChangeToken.Singleton);
        }

        // Watch first, then read: a change during the read still invalidates what was read.
        var token = _root.Watch(name + "/**/*");
        if (!_root.GetFileInfo(name + "/theme.json").Exists)
        {
            return new Entry(name == ThemeNames.Default ? BuiltIn : null, token);
        }

        var theme = _loader.Load(name, new PhysicalThemeFiles(_root, name));
        _logger.ThemeLoaded(name, theme.Version, string.Join(",", theme.Texts.Keys.Order(StringComparer.Ordinal)));
        return new Entry(theme, token);
    }

    private ActiveEntry ReadActive()
    {
        if (_root is null)
        {
            return new ActiveEntry(null, NullChangeToken.Singleton);
        }

        var token = _root.Watch(ThemeOptions.ActiveFileName);
        var file = _root.GetFileInfo(ThemeOptions.ActiveFileName);
        if (!file.Exists || file.Length > 4096)
        {
            return new ActiveEntry(null, token);
        }

        try
        {
            using var stream = file.CreateReadStream();
            using var document = JsonDocument.Parse(stream);
            var name = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("active", out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (ThemeNames.IsValid(name))
            {
                return new ActiveEntry(name, token);
            }

            _logger.ThemeFileRejected("(themes)", ThemeOptions.ActiveFileName, "no valid \"active\" theme name");
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            _logger.ThemeFileRejected("(themes)", ThemeOptions.ActiveFileName, ex.Message);
        }

        return new ActiveEntry(null, token);
    }

    private sealed record Entry(Theme? Theme, IChangeToken Token);

    private sealed record ActiveEntry(string? Name, IChangeToken Token);
}
