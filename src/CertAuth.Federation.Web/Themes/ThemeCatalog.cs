using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// The themes the pages use: folders under <see cref="ThemeOptions.Path"/> plus the built-in default. Each theme is
/// parsed once and cached with a file-change token for its folder; an edit, a new theme, or a new
/// <c>active.json</c> is picked up on the next request — no restart, and no disk parsing per request. File-system
/// events can be lost (a folder copied in at once, network shares), so a cached theme is also re-checked at most every
/// <see cref="RecheckInterval"/> by its files' names, sizes and times (no parsing unless they changed).
/// </summary>
public sealed class ThemeCatalog : IDisposable
{
    /// <summary>How often a cached theme's file listing is compared with the disk when no change event came.</summary>
    internal static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    private readonly ThemeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ThemeLoader _loader;
    private readonly ILogger<ThemeCatalog> _logger;
    private readonly PhysicalFileProvider? _root;
    private readonly ConcurrentDictionary<string, Entry> _themes = new(StringComparer.Ordinal);
    private readonly IActiveThemeSource? _activeSource;
    private volatile ActiveEntry? _active;

    internal ThemeCatalog(
        IOptions<ThemeOptions> options, string contentRootPath, ThemeLoader loader, TimeProvider timeProvider, ILogger<ThemeCatalog> logger,
        IActiveThemeSource? activeSource = null)
    {
        _activeSource = activeSource;
        _options = options.Value;
        _timeProvider = timeProvider;
        _loader = loader;
        _logger = logger;
        RootPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRootPath, _options.Path));
        BuiltIn = loader.Load(ThemeNames.Default, new EmbeddedThemeFiles());
        // A missing folder is created (empty), so themes added later are picked up without a restart.
        if (TryEnsureFolder(RootPath))
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

    /// <summary>
    /// The active theme's name: the shared source's choice when one is registered (the federation server's store;
    /// <c>active.json</c> is then ignored), else <c>active.json</c> when present and valid; else <see cref="ThemeOptions.Active"/>.
    /// </summary>
    public string ActiveName
    {
        get
        {
            if (_activeSource is not null)
            {
                return _activeSource.ActiveName is { } shared && ThemeNames.IsValid(shared) ? shared : _options.Active;
            }

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

        var now = _timeProvider.GetUtcNow();
        if (_themes.TryGetValue(name, out var cached) && !cached.Token.HasChanged)
        {
            if (now - cached.CheckedAt < RecheckInterval || _root is null)
            {
                return cached.Theme;
            }

            if (Fingerprint(name) == cached.Fingerprint)
            {
                _themes[name] = cached with { CheckedAt = now };
                return cached.Theme;
            }
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
        var now = _timeProvider.GetUtcNow();
        if (_root is null)
        {
            return new Entry(name == ThemeNames.Default ? BuiltIn : null, NullChangeToken.Singleton, string.Empty, now);
        }

        // Watch first, then read: a change during the read still invalidates what was read. The folder itself and
        // theme.json are watched too, so a theme folder created (or removed) as a whole is noticed.
        var token = new CompositeChangeToken([_root.Watch(name + "/**/*"), _root.Watch(name), _root.Watch(name + "/theme.json")]);
        var fingerprint = Fingerprint(name);
        if (!_root.GetFileInfo(name + "/theme.json").Exists)
        {
            return new Entry(name == ThemeNames.Default ? BuiltIn : null, token, fingerprint, now);
        }

        var theme = _loader.Load(name, new PhysicalThemeFiles(_root, name));
        _logger.ThemeLoaded(name, theme.Version, string.Join(",", theme.Texts.Keys.Order(StringComparer.Ordinal)));
        return new Entry(theme, token, fingerprint, now);
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

    private static bool TryEnsureFolder(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string Fingerprint(string name) => _root is null ? string.Empty : new PhysicalThemeFiles(_root, name).Fingerprint();

    private sealed record Entry(Theme? Theme, IChangeToken Token, string Fingerprint, DateTimeOffset CheckedAt);

    private sealed record ActiveEntry(string? Name, IChangeToken Token);
}
