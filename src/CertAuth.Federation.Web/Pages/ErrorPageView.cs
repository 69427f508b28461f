using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Web.Pages;

/// <summary>
/// Renders the themed error page (view <c>ErrorPage</c>, which themes may override under <c>views/</c>). Usable from a
/// controller (<see cref="IActionResult"/>) and from a minimal-API endpoint (<see cref="IResult"/>). The model is
/// built when the result executes, so endpoints stay simple while the page reads the trusted CAs and the theme.
/// </summary>
public sealed class ErrorPageView : IActionResult, IResult
{
    /// <summary>The view every error page is rendered with.</summary>
    public const string ViewName = "ErrorPage";

    private readonly Func<ThemedPageBuilder, HttpContext, Task<ErrorPageModel>> _build;

    /// <summary>A page whose model <paramref name="build"/> makes with the builder when the result executes.</summary>
    public ErrorPageView(Func<ThemedPageBuilder, HttpContext, Task<ErrorPageModel>> build) => _build = build;

    /// <summary>The page for <paramref name="request"/> in the named theme (null: the active one).</summary>
    public static ErrorPageView For(ErrorPageRequest request, string? themeName = null) =>
        new((builder, http) => builder.CreateErrorPageAsync(http, request, themeName, locale: null, browser: null, http.RequestAborted));

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RenderAsync(context);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return RenderAsync(new ActionContext(httpContext, httpContext.GetRouteData(), new ActionDescriptor()));
    }

    private async Task RenderAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var model = await _build(services.GetRequiredService<ThemedPageBuilder>(), http);
        var viewData = new ViewDataDictionary<ErrorPageModel>(services.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
        {
            Model = model,
        };
        viewData[PageChrome.ViewDataKey] = http.Items[PageChrome.ViewDataKey];
        http.Response.Headers.CacheControl = "no-store";
        var view = new ViewResult
        {
            ViewName = ViewName,
            ViewData = viewData,
            StatusCode = model.IsPreview ? StatusCodes.Status200OK : model.HttpStatus,
        };
        await view.ExecuteResultAsync(context);
    }
}
