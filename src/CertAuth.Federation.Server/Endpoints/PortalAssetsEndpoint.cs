using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary><c>GET /adfs/portal/{file}</c>: the page stylesheet and the auto-POST script, embedded in the assembly.</summary>
internal static class PortalAssetsEndpoint
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["site.css"] = ("CertAuth.Federation.Server.Assets.site.css", "text/css; charset=utf-8"),
        ["autopost.js"] = ("CertAuth.Federation.Server.Assets.autopost.js", "text/javascript; charset=utf-8"),
    };

    public static IResult Handle(string file, HttpContext context)
    {
        if (!Files.TryGetValue(file, out var entry))
        {
            return Results.NotFound();
        }

        var stream = typeof(PortalAssetsEndpoint).Assembly.GetManifestResourceStream(entry.Resource);
        if (stream is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Stream(stream, entry.ContentType);
    }
}
