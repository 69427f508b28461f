namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// A loaded theme: its manifest, its texts per locale, and what files it has. Immutable; the
/// <see cref="ThemeCatalog"/> replaces it when a file of the theme changes.
/// </summary>
public sealed class Theme
{
    public required string Name { get; init; }

    public required ThemeManifest Manifest { get; init; }

    /// <summary>The copy compiled into the server rather than a folder on disk.</summary>
    public required bool IsBuiltIn { get; init; }

    /// <summary>Texts by locale (case-insensitive), each a flat key → text map.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Texts { get; init; }

    /// <summary>Changes whenever a file of the theme changes; appended to asset URLs so browsers fetch the new file.</summary>
    public required string Version { get; init; }

    /// <summary>The generated stylesheet with the manifest's colours as CSS custom properties.</summary>
    public required string ColorsCss { get; init; }

    public bool HasStylesheet { get; init; }

    /// <summary>The theme ships <c>theme.js</c> and enables it in the manifest.</summary>
    public bool HasScript { get; init; }

    /// <summary>The theme has Razor overrides under <c>views/</c>.</summary>
    public bool HasViews { get; init; }

    /// <summary>The logo's path inside the theme (validated, under <c>images/</c>), or null.</summary>
    public string? LogoPath { get; init; }

    /// <summary>The illustration's path inside the theme (validated, under <c>images/</c>), or null.</summary>
    public string? IllustrationPath { get; init; }

    internal IThemeFiles Files { get; init; } = null!;
}
