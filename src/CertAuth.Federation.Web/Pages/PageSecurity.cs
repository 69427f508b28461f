using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Web.Pages;

/// <summary>The response headers every page of either role carries.</summary>
public static class PageSecurity
{
    /// <summary>
    /// A strict CSP: own stylesheets, images, fonts and script files only (a theme's script is a file, served only when
    /// the theme enables it), no inline script or style, no external resources, no framing.
    /// </summary>
    /// <param name="restrictFormAction">
    /// False only for the SAML auto-POST page: browsers apply <c>form-action</c> to every redirect that follows the
    /// POST (ACS → the client's redirect_uri on yet another origin), which would abort the sign-in. That form's action
    /// is fixed by the server to an allow-listed ACS URL, so the directive adds nothing there.
    /// </param>
    public static string ContentSecurityPolicy(bool restrictFormAction = true) =>
        "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'" +
        (restrictFormAction ? "; form-action 'self'" : string.Empty);

    /// <summary>Sets nosniff, no referrer, no framing and the strict CSP (a page may relax the CSP afterwards).</summary>
    public static void ApplyHeaders(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = ContentSecurityPolicy();
    }
}
