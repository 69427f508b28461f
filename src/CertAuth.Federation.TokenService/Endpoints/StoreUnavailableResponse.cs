using System.Diagnostics;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// The answer when the database cannot be reached (issue 13): 503 with <c>Retry-After</c> and the code CAT90033 — an
/// RFC 6749 <c>temporarily_unavailable</c> JSON error for the machine endpoints (<c>/oauth2/token</c>, userinfo), the
/// themed error page for people (authorize, ACS).
/// </summary>
internal static class StoreUnavailableResponse
{
    public static async Task WriteAsync(HttpContext context, Exception exception)
    {
        var correlationId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreUnavailableResponse))
            .StoreUnavailable(context.Request.Path.Value ?? "/", exception.GetType().Name, correlationId);
        context.Response.Clear();
        context.Response.Headers.RetryAfter = "5";
        context.Response.Headers.CacheControl = "no-store";
        PageSecurity.ApplyHeaders(context.Response.Headers);
        var error = new TokenError(TokenErrorCode.StoreUnavailable, "The token service cannot reach its database; try again shortly.");
        var path = context.Request.Path;
        IResult result = path.StartsWithSegments("/oauth2/token", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(UserInfoEndpoint.Path, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(RevocationEndpoint.Path, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(IntrospectionEndpoint.Path, StringComparison.OrdinalIgnoreCase)
            ? Results.Json(
                new Dictionary<string, string> { ["error"] = error.OAuthError, ["error_description"] = error.Description, ["error_code"] = error.DisplayCode, ["correlation_id"] = correlationId },
                statusCode: StatusCodes.Status503ServiceUnavailable)
            : ErrorPage.Render(context, error);
        await result.ExecuteAsync(context);
    }
}
