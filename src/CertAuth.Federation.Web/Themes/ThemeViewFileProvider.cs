using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// Exposes theme view overrides to Razor runtime compilation: <c>/themes/&lt;name&gt;/views/**.cshtml</c> maps to
/// <c>{Themes:Path}/&lt;name&gt;/views/**</c> on disk. Nothing else under the themes folder is visible to Razor.
/// <c>/themes/_ViewImports.cshtml</c> and <c>/themes/_ViewStart.cshtml</c> are supplied here, so an override sees the
/// same namespaces, tag helpers and layout as the built-in views.
/// </summary>
internal sealed class ThemeViewFileProvider(ThemeCatalog catalog, ThemedPagesSettings settings) : IFileProvider
{
    public const string VirtualRoot = "/themes/";

    private readonly IFileInfo _viewImports = new InMemoryFileInfo("_ViewImports.cshtml", string.Concat(
        new[] { "CertAuth.Federation.Web", "CertAuth.Federation.Web.Pages", "CertAuth.Federation.Web.Browser" }
            .Concat(settings.ViewNamespaces).Distinct(StringComparer.Ordinal).Select(n => "@using " + n + "\n"))
        + "@addTagHelper *, Microsoft.AspNetCore.Mvc.TagHelpers\n");

    private static readonly IFileInfo ViewStart = new InMemoryFileInfo("_ViewStart.cshtml", "@{\n    Layout = \"_Layout\";\n}\n");

    public IFileInfo GetFileInfo(string subpath)
    {
        if (subpath == VirtualRoot + "_ViewImports.cshtml")
        {
            return _viewImports;
        }

        if (subpath == VirtualRoot + "_ViewStart.cshtml")
        {
            return ViewStart;
        }

        return ToPhysical(subpath) is { } physical && catalog.Root is { } root
            ? root.GetFileInfo(physical)
            : new NotFoundFileInfo(subpath);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) =>
        ToPhysical(subpath.TrimEnd('/') + "/x.cshtml") is { } physical && catalog.Root is { } root
            ? root.GetDirectoryContents(physical[..physical.LastIndexOf('/')])
            : NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) =>
        ToPhysical(filter) is { } physical && catalog.Root is { } root ? root.Watch(physical) : NullChangeToken.Singleton;

    // "/themes/<name>/views/<path>.cshtml" → "<name>/views/<path>.cshtml"; anything else → null.
    private static string? ToPhysical(string subpath)
    {
        if (!subpath.StartsWith(VirtualRoot, StringComparison.Ordinal) || !subpath.EndsWith(".cshtml", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = subpath[VirtualRoot.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !ThemeNames.IsValid(rest[..slash]) || !rest.AsSpan(slash).StartsWith("/views/", StringComparison.Ordinal)
            || rest.Contains("..", StringComparison.Ordinal) || rest.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        return rest;
    }
}
