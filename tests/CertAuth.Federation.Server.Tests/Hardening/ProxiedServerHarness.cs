using System.Net;
using CertAuth.Federation.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>
/// The real server with 127.0.0.1 as a trusted proxy (only IPv4 loopback: <c>[::1]</c> stays an untrusted peer), HSTS
/// sent for loopback host names, and one more listener on plain HTTP to show HSTS is never sent without TLS.
/// </summary>
public sealed class ProxiedServerHarness : FederationServerHarness
{
    public Uri PlainHttpUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Federation:ForwardedClientCertificate:TrustedProxies:0"] = "127.0.0.0/8";
        settings["Federation:Hsts:ExcludeLoopbackHosts"] = "false";
    }

    protected override void ConfigureBuilder(WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, PlainHttpUrl.Port));
}
