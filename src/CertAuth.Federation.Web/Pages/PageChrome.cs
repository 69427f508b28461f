namespace CertAuth.Federation.Web.Pages;

/// <summary>What the layout needs around any page: theme, language, stylesheets, logo. Passed as <c>ViewData["Chrome"]</c>.</summary>
public sealed record PageChrome
{
    public const string ViewDataKey = "Chrome";

    public required string ThemeName { get; init; }

    public required PageTexts Texts { get; init; }

    /// <summary>Stylesheets in order: the base stylesheet, the theme's colours, the theme's own stylesheet.</summary>
    public required IReadOnlyList<string> Stylesheets { get; init; }

    public string? LogoUrl { get; init; }

    public string? CompanyName { get; init; }

    /// <summary>The theme has Razor overrides (the view engine then looks in its <c>views/</c> folder first).</summary>
    public bool HasViewOverrides { get; init; }

    /// <summary>The theme's script file, only when the theme enables it.</summary>
    public string? ScriptUrl { get; init; }
}
