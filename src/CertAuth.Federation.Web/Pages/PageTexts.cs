using CertAuth.Federation.Web.Themes;

namespace CertAuth.Federation.Web.Pages;

/// <summary>
/// The texts of one page in one locale. A key is looked up in the theme's locale, then its language, then the
/// built-in theme's, then English — so a theme may translate only some texts. <c>{company}</c> is replaced by the
/// theme's company name. Values are plain text: views encode them (never <c>Html.Raw</c>).
/// </summary>
public sealed class PageTexts
{
    internal const string FallbackLocale = "en";
    private readonly IReadOnlyList<IReadOnlyDictionary<string, string>> _chain;
    private readonly string _company;

    public PageTexts(Theme theme, Theme builtIn, string locale)
    {
        Locale = locale;
        Direction = LocaleNames.Direction(locale);
        _company = theme.Manifest.CompanyName ?? builtIn.Manifest.CompanyName ?? string.Empty;
        var language = LocaleNames.Language(locale);
        var chain = new List<IReadOnlyDictionary<string, string>>();
        foreach (var source in new[] { theme, builtIn })
        {
            foreach (var name in new[] { locale, language })
            {
                if (source.Texts.TryGetValue(name, out var texts) && !chain.Contains(texts))
                {
                    chain.Add(texts);
                }
            }
        }

        foreach (var source in new[] { theme, builtIn })
        {
            if (source.Texts.TryGetValue(FallbackLocale, out var texts) && !chain.Contains(texts))
            {
                chain.Add(texts);
            }
        }

        _chain = chain;
    }

    /// <summary>The locale the page is rendered in (its <c>lang</c> attribute).</summary>
    public string Locale { get; }

    /// <summary><c>ltr</c> or <c>rtl</c> (its <c>dir</c> attribute).</summary>
    public string Direction { get; }

    /// <summary>The text for <paramref name="key"/>; the key itself when no locale has it (visible, so a gap is noticed).</summary>
    public string this[string key] => Find(key) ?? key;

    /// <summary>The text for <paramref name="key"/>, or null when no locale has it (for optional texts).</summary>
    public string? Find(string key)
    {
        foreach (var texts in _chain)
        {
            if (texts.TryGetValue(key, out var value))
            {
                return value.Replace("{company}", _company, StringComparison.Ordinal);
            }
        }

        return null;
    }
}
