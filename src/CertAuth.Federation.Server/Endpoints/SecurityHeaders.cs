using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>Response headers every federation-server page carries.</summary>
public static class SecurityHeaders
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

    /// <summary>Middleware that sets the defaults; actions may override the CSP (the auto-POST form does).</summary>
    public static Task Apply(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = ContentSecurityPolicy();
        return next();
    }
}
