using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary><c>GET /FederationMetadata/2007-06/FederationMetadata.xml</c>: the signed SAML metadata.</summary>
internal static class FederationMetadataEndpoint
{
    public static IResult HandleAsync(FederationMetadataProvider provider, HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(provider.GetSignedMetadata(), "application/samlmetadata+xml");
    }
}
