using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// <c>GET /probe</c>: 200 when the token service is ready (schema, seed, start-up CRL load), 503 before — for load
/// balancers. Answered ahead of the middleware that holds other requests until start-up is done.
/// </summary>
internal static class ProbeEndpoint
{
    public const string Path = "/probe";

    public static bool Matches(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext context, bool ready)
    {
        context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(ready ? "OK" : "Starting", context.RequestAborted);
    }
}
