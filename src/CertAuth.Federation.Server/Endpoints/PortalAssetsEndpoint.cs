using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary>
/// <c>GET /adfs/portal/autopost.js</c>: the auto-POST script, embedded in the assembly (the stylesheet and theme assets
/// are served by the shared themed pages).
/// </summary>
internal static class PortalAssetsEndpoint
{
    private const string Resource = "CertAuth.Federation.Server.Assets.autopost.js";

    public static IResult Handle(HttpContext context)
    {
        var stream = typeof(PortalAssetsEndpoint).Assembly.GetManifestResourceStream(Resource);
        if (stream is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Stream(stream, "text/javascript; charset=utf-8");
    }
}
