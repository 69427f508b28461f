using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Mvc.Razor;

namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// Looks for a view or partial in the page's theme first — <c>themes/&lt;name&gt;/views/{Controller}/{View}.cshtml</c>,
/// <c>views/Shared/{View}.cshtml</c>, then <c>views/{View}.cshtml</c> — before the built-in views. Only themes on disk
/// with a <c>views/</c> folder add locations.
/// </summary>
internal sealed class ThemeViewLocationExpander : IViewLocationExpander
{
    private const string Key = "theme";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.HttpContext.Items[PageChrome.ViewDataKey] is PageChrome chrome && chrome.HasViewOverrides)
        {
            context.Values[Key] = chrome.ThemeName;
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (!context.Values.TryGetValue(Key, out var theme) || theme is null || !ThemeNames.IsValid(theme))
        {
            return viewLocations;
        }

        var root = ThemeViewFileProvider.VirtualRoot + theme + "/views/";
        return new[] { root + "{1}/{0}.cshtml", root + "Shared/{0}.cshtml", root + "{0}.cshtml" }.Concat(viewLocations);
    }
}
