using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Storage.Resilience;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>
/// <c>GET /adfs/probe</c>: 200 when the server is ready to sign people in, 503 before and while its database does not
/// answer (issue 13; load balancers poll it). The body says which: <c>OK</c>, <c>Starting</c> or <c>Database unavailable</c>.
/// </summary>
internal static class ProbeEndpoint
{
    public static async Task<IResult> Handle(FederationServerInitializer initializer, StoreHealth store, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!initializer.IsReady)
        {
            return Results.Text("Starting", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return await store.IsAvailableAsync(context.RequestAborted)
            ? Results.Text("OK", "text/plain")
            : Results.Text("Database unavailable", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
