using CertAuth.Federation.Web.Browser;
using CertAuth.Federation.Server.Errors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Pages;

/// <summary>
/// <c>GET /adfs/portal/preview?code=CAF1005&amp;theme=default&amp;locale=de&amp;browser=ios-webview</c>: renders any error
/// page for admins. Enabled only in the Development environment or with <c>Federation:EnablePreview</c>; otherwise 404.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PreviewController(IWebHostEnvironment environment, IOptions<FederationServerOptions> options, TimeProvider timeProvider) : Controller
{
    /// <summary>The <c>browser</c> values and the User-Agent class each stands for.</summary>
    public static IReadOnlyDictionary<string, BrowserInfo> Browsers { get; } = new Dictionary<string, BrowserInfo>(StringComparer.OrdinalIgnoreCase)
    {
        ["ios-safari"] = new(BrowserClass.IosSafari, 17),
        ["ios-webview"] = new(BrowserClass.IosWebView, 17),
        ["ios-old"] = new(BrowserClass.IosSafari, 8),
        ["android-chrome"] = new(BrowserClass.AndroidChrome),
        ["android-webview"] = new(BrowserClass.AndroidWebView),
        ["macos-safari"] = new(BrowserClass.MacSafari),
        ["desktop"] = new(BrowserClass.Desktop),
        ["unknown"] = BrowserInfo.Unknown,
    };

    /// <summary>
    /// The admin pages' switch (the preview and the CRL status / explain page, <see cref="AdminPagesController"/>): on in
    /// the Development environment or with <c>Federation:EnablePreview</c>; every admin page answers 404 otherwise.
    /// </summary>
    internal static bool IsEnabled(IWebHostEnvironment environment, FederationServerOptions options) =>
        environment.IsDevelopment() || options.EnablePreview;

    [HttpGet("/adfs/portal/preview")]
    public IActionResult Preview([FromQuery] string? code, [FromQuery] string? theme, [FromQuery] string? locale, [FromQuery] string? browser)
    {
        if (!IsEnabled(environment, options.Value))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        var errorCode = SignInErrorCode.NoCertificate;
        if (code is not null && !SignInErrorTexts.TryParse(code, out errorCode))
        {
            return BadRequest("code must be one of: " + string.Join(", ", Enum.GetValues<SignInErrorCode>().Select(SignInError.FormatCode)));
        }

        var browserInfo = BrowserInfo.Unknown;
        if (browser is not null && !Browsers.TryGetValue(browser, out browserInfo!))
        {
            return BadRequest("browser must be one of: " + string.Join(", ", Browsers.Keys));
        }

        return ErrorPageResult.Preview(errorCode, theme, locale, browserInfo, timeProvider.GetUtcNow());
    }
}
