namespace CertAuth.Federation.Web;

/// <summary>
/// What differs between the roles that render themed pages: where the page assets are served, and which namespaces
/// a theme's Razor overrides may use. Set in code by each role, not in appsettings.json.
/// </summary>
public sealed record ThemedPagesSettings
{
    /// <summary>
    /// The path under which the stylesheet (<c>site.css</c>) and theme assets (<c>themes/{name}/{path}</c>) are served,
    /// with leading and trailing slashes, e.g. <c>/adfs/portal/</c>.
    /// </summary>
    public required string AssetsBasePath { get; init; }

    /// <summary>Namespaces imported into theme view overrides, besides this library's pages and browser namespaces.</summary>
    public IReadOnlyList<string> ViewNamespaces { get; init; } = [];

    /// <summary>The URL path of the page stylesheet.</summary>
    public string SiteStylesheetPath => AssetsBasePath + "site.css";

    /// <summary>The route pattern of the theme assets.</summary>
    public string ThemeAssetsPattern => AssetsBasePath + "themes/{theme}/{**path}";

    /// <summary>The URL of a theme asset, versioned so that an edit changes it (and a long cache stays safe).</summary>
    public string ThemeAssetUrl(Themes.Theme theme, string path) =>
        AssetsBasePath + "themes/" + Uri.EscapeDataString(theme.Name) + "/" + path + "?v=" + theme.Version;
}
