using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>Response headers every federation-server page carries.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// A strict CSP: own stylesheets, images, fonts and script files only (a theme's script is a file, served only when
    /// the theme enables it), no inline script or style, no external resources, no framing.
    /// </summary>
    public static string ContentSecurityPolicy(string? formAction = null) =>
        "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'; " +
        "form-action " + (formAction is null ? "'self'" : "'self' " + formAction);

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
