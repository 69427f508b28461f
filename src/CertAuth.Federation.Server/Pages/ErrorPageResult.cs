using CertAuth.Federation.Server.Browser;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.Themes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Pages;

/// <summary>
/// Renders the themed error page (view <c>ErrorPage</c>) for a refused sign-in or a preview. The model is built when the
/// result executes, so the action stays synchronous while the page reads the trusted CAs and relying party.
/// </summary>
public sealed class ErrorPageResult : IActionResult
{
    /// <summary>The view every error page is rendered with (themes may override it under <c>views/</c>).</summary>
    public const string ViewName = "ErrorPage";

    private readonly Func<ErrorPageFactory, ActionContext, Task<ErrorPageModel>> _build;

    private ErrorPageResult(Func<ErrorPageFactory, ActionContext, Task<ErrorPageModel>> build) => _build = build;

    /// <summary>The page for a refused sign-in.</summary>
    public static ErrorPageResult For(SignInError error, string correlationId, DateTimeOffset now) =>
        new((factory, context) => factory.CreateAsync(context.HttpContext, error, correlationId, now, context.HttpContext.RequestAborted));

    /// <summary>A preview page.</summary>
    public static ErrorPageResult Preview(SignInErrorCode code, string? theme, string? locale, BrowserInfo browser, DateTimeOffset now) =>
        new((factory, context) => factory.CreatePreviewAsync(context.HttpContext, code, theme, locale, browser, now, context.HttpContext.RequestAborted));

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var services = context.HttpContext.RequestServices;
        var model = await _build(services.GetRequiredService<ErrorPageFactory>(), context);
        var viewData = new ViewDataDictionary<ErrorPageModel>(services.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
        {
            Model = model,
        };
        viewData[PageChrome.ViewDataKey] = context.HttpContext.Items[PageChrome.ViewDataKey];
        var view = new ViewResult
        {
            ViewName = ViewName,
            ViewData = viewData,
            StatusCode = model.IsPreview ? 200 : model.HttpStatus,
        };
        await view.ExecuteResultAsync(context);
    }
}
