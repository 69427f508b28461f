namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// Which theme files the asset endpoint may serve and with which content type. Only <c>theme.css</c>,
/// <c>theme.js</c> (when enabled), and images and fonts in their folders; never <c>theme.json</c>, texts or views.
/// </summary>
internal static class ThemeAssetRules
{
    private static readonly Dictionary<string, string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/x-icon",
    };

    private static readonly Dictionary<string, string> FontTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".woff2"] = "font/woff2",
        [".woff"] = "font/woff",
    };

    /// <summary>Whether <paramref name="path"/> (relative to the theme folder) may be served.</summary>
    public static bool IsServable(string path, bool scriptEnabled) => ContentType(path, scriptEnabled) is not null;

    /// <summary>The content type to serve <paramref name="path"/> with, or null when it is not servable.</summary>
    public static string? ContentType(string path, bool scriptEnabled)
    {
        if (path.Length is 0 or > 200)
        {
            return null;
        }

        if (path == "theme.css")
        {
            return "text/css; charset=utf-8";
        }

        if (path == "theme.js")
        {
            return scriptEnabled ? "text/javascript; charset=utf-8" : null;
        }

        var segments = path.Split('/');
        if (segments.Length != 2 || !IsSafeSegment(segments[1]))
        {
            return null;
        }

        var extension = Path.GetExtension(segments[1]);
        return segments[0] switch
        {
            "images" => ImageTypes.GetValueOrDefault(extension),
            "fonts" => FontTypes.GetValueOrDefault(extension),
            _ => null,
        };
    }

    // Letters, digits, '-', '_' and inner dots only: no "..", no hidden files, no separators or encoded tricks.
    private static bool IsSafeSegment(string segment) =>
        segment.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(segment[0]) && !segment.Contains("..", StringComparison.Ordinal)
        && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
