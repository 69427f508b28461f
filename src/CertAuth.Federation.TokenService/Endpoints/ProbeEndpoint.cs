using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// <c>GET /probe</c>: 200 when the token service is ready (schema, seed, start-up CRL load) and its database answers,
/// 503 before or without the database (body <c>Starting</c> or <c>Database unavailable</c>) — for load
/// balancers. Answered ahead of the middleware that holds other requests until start-up is done.
/// </summary>
internal static class ProbeEndpoint
{
    public const string Path = "/probe";

    public static bool Matches(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase);

    public static async Task WriteAsync(HttpContext context, bool ready, Storage.Resilience.StoreHealth store)
    {
        // Issue 13: a node whose database does not answer is not ready either (the load balancer takes it out).
        var text = !ready ? "Starting" : await store.IsAvailableAsync(context.RequestAborted) ? "OK" : "Database unavailable";
        context.Response.StatusCode = text == "OK" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
