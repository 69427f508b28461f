using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// Reads a theme's files into a <see cref="Theme"/>. A broken file (bad JSON, too large) is logged and skipped, so a
/// half-finished edit degrades to the built-in texts instead of breaking the sign-in pages.
/// </summary>
internal sealed partial class ThemeLoader(ILogger<ThemeLoader> logger)
{
    /// <summary>Largest theme.json or texts file read.</summary>
    internal const int MaxJsonBytes = 256 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public Theme Load(string name, IThemeFiles files)
    {
        var manifest = ReadJson<ThemeManifest>(name, files, "theme.json") ?? new ThemeManifest();
        var texts = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files.List("texts"))
        {
            if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var locale = file[..^".json".Length];
            if (!LocaleNames.IsValid(locale))
            {
                continue;
            }

            var entries = ReadJson<Dictionary<string, string>>(name, files, "texts/" + file);
            if (entries is not null)
            {
                texts[locale] = new Dictionary<string, string>(entries.Where(e => e.Value is not null), StringComparer.Ordinal);
            }
        }

        var hasScript = false;
        if (manifest.EnableScript)
        {
            using var script = files.Open("theme.js");
            hasScript = script is not null;
        }

        using var stylesheet = files.Open("theme.css");
        return new Theme
        {
            Name = name,
            Manifest = manifest,
            IsBuiltIn = files.IsBuiltIn,
            Texts = texts,
            Version = files.Fingerprint(),
            ColorsCss = ColorsCss(manifest.Colors),
            HasStylesheet = stylesheet is not null,
            HasScript = hasScript,
            HasViews = files.HasViews,
            LogoPath = ImagePath(manifest.Logo),
            IllustrationPath = ImagePath(manifest.Illustration),
            Files = files,
        };
    }

    /// <summary>A theme image path: <c>images/&lt;file&gt;</c> with an allowed extension, else null.</summary>
    internal static string? ImagePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var normalized = path.Trim().TrimStart('/');
        return ThemeAssetRules.IsServable(normalized, scriptEnabled: false) && normalized.StartsWith("images/", StringComparison.Ordinal) ? normalized : null;
    }

    /// <summary>The manifest's colours as CSS custom properties; only <c>#rgb</c>/<c>#rrggbb</c> values are written.</summary>
    internal static string ColorsCss(ThemeColors colors)
    {
        var css = new StringBuilder(":root {");
        foreach (var (property, value) in new[]
        {
            ("--accent", colors.Accent), ("--accent-text", colors.AccentText), ("--bg", colors.Background),
            ("--surface", colors.Surface), ("--ink", colors.Text), ("--muted", colors.MutedText),
        })
        {
            if (value is not null && HexColour().IsMatch(value))
            {
                css.Append(CultureInfo.InvariantCulture, $" {property}: {value};");
            }
        }

        return css.Append(" }\n").ToString();
    }

    private T? ReadJson<T>(string theme, IThemeFiles files, string path)
        where T : class
    {
        using var stream = files.Open(path);
        if (stream is null)
        {
            return null;
        }

        try
        {
            using var bounded = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (bounded.Length + read > MaxJsonBytes)
                {
                    logger.ThemeFileRejected(theme, path, $"larger than {MaxJsonBytes} bytes");
                    return null;
                }

                bounded.Write(buffer, 0, read);
            }

            return JsonSerializer.Deserialize<T>(bounded.ToArray(), JsonOptions);
        }
        catch (JsonException ex)
        {
            logger.ThemeFileRejected(theme, path, $"not valid JSON (line {ex.LineNumber + 1})");
            return null;
        }
        catch (IOException ex)
        {
            logger.ThemeFileRejected(theme, path, ex.Message);
            return null;
        }
    }

    // Anchored, fixed-length alternatives: no backtracking to bound, so no match timeout (a 100 ms timeout made theme
    // loading throw, and a farm node exit at start-up, on a saturated CPU).
    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HexColour();
}
