using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Web.Browser;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Pages;

/// <summary>The themed error page for a refused sign-in or a preview (rendered by the shared <see cref="ErrorPageView"/>).</summary>
public static class ErrorPageResult
{
    /// <summary>The page for a refused sign-in.</summary>
    public static IActionResult For(SignInError error, string correlationId, DateTimeOffset now) =>
        new ErrorPageView((_, http) => http.RequestServices.GetRequiredService<ErrorPageFactory>().CreateAsync(http, error, correlationId, now, http.RequestAborted));

    /// <summary>A preview page.</summary>
    public static IActionResult Preview(SignInErrorCode code, string? theme, string? locale, BrowserInfo browser, DateTimeOffset now) =>
        new ErrorPageView((_, http) => http.RequestServices.GetRequiredService<ErrorPageFactory>().CreatePreviewAsync(http, code, theme, locale, browser, now, http.RequestAborted));
}
