using CertAuth.Federation.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Server.Endpoints;

/// <summary><c>GET /adfs/probe</c>: 200 when the server is ready to sign people in, 503 before (load balancers poll it).</summary>
internal static class ProbeEndpoint
{
    public static IResult Handle(FederationServerInitializer initializer) =>
        initializer.IsReady ? Results.Text("OK", "text/plain") : Results.Text("Starting", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
}
