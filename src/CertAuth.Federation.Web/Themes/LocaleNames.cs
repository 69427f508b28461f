namespace CertAuth.Federation.Web.Themes;

/// <summary>The rule for locale names (texts/&lt;locale&gt;.json) and which languages are written right to left.</summary>
public static class LocaleNames
{
    private static readonly HashSet<string> RightToLeftLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "ar", "he", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug",
    };

    /// <summary>A language tag of letters, digits and '-' (2–35 characters), starting with a letter.</summary>
    public static bool IsValid(string? locale) =>
        locale is { Length: >= 2 and <= 35 } && char.IsAsciiLetter(locale[0]) && locale.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The language part of a tag: <c>pt</c> for <c>pt-BR</c>.</summary>
    public static string Language(string locale)
    {
        var dash = locale.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? locale : locale[..dash];
    }

    /// <summary><c>rtl</c> for Arabic, Hebrew, Persian, Urdu and the other right-to-left scripts; else <c>ltr</c>.</summary>
    public static string Direction(string locale) => RightToLeftLanguages.Contains(Language(locale)) ? "rtl" : "ltr";
}
