using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// <c>GET {AssetsBasePath}themes/{theme}/{**path}</c> (e.g. <c>/adfs/portal/themes/…</c>): a theme's stylesheet, generated colours, images and fonts (and its
/// script only when the theme enables it). Paths are checked against an allow-list before the file system is asked;
/// <c>theme.json</c>, texts and views are never served. A file the disk theme lacks comes from the built-in default.
/// </summary>
internal static class ThemeAssetsEndpoint
{
    public static IResult Handle(string theme, string path, HttpContext context, ThemeCatalog catalog)
    {
        var found = catalog.Find(theme);
        if (found is null)
        {
            return Results.NotFound();
        }

        // Versioned URLs (?v=) change with every edit, so a long cache is safe; unversioned ones revalidate.
        context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=86400" : "no-cache";
        if (path == "colors.css")
        {
            return Results.Text(found.ColorsCss, "text/css; charset=utf-8");
        }

        var contentType = ThemeAssetRules.ContentType(path, found.HasScript);
        if (contentType is null)
        {
            return Results.NotFound();
        }

        var stream = found.Files.Open(path) ?? (found.Name == ThemeNames.Default && !found.IsBuiltIn ? catalog.BuiltIn.Files.Open(path) : null);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}
