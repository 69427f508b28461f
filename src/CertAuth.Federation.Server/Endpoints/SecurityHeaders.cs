using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>Response headers every federation-server page carries.</summary>
public static class SecurityHeaders
{
    /// <summary>The strict page CSP (see <see cref="PageSecurity.ContentSecurityPolicy"/>).</summary>
    public static string ContentSecurityPolicy(bool restrictFormAction = true) => PageSecurity.ContentSecurityPolicy(restrictFormAction);

    /// <summary>Middleware that sets the defaults; actions may override the CSP (the auto-POST form does).</summary>
    public static Task Apply(HttpContext context, Func<Task> next)
    {
        PageSecurity.ApplyHeaders(context.Response.Headers);
        return next();
    }
}
