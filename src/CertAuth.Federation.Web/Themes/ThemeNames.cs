namespace CertAuth.Federation.Web.Themes;

/// <summary>The rule for theme names (they are folder names and URL segments) and the built-in name.</summary>
public static class ThemeNames
{
    /// <summary>The built-in theme, also compiled into the server as the fallback.</summary>
    public const string Default = "default";

    /// <summary>Longest theme name (as the relying-party store allows).</summary>
    public const int MaxLength = 64;

    /// <summary>1–64 ASCII letters, digits, '-' or '_'; no dots or separators, so a name is always one safe path segment.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
