using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.AdminApi;
using CertAuth.Federation.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// The federation server's Kestrel set-up (issue 12 item 7: an <see cref="IConfigureOptions{TOptions}"/>, run when the web
/// server is built at host start, not at registration): limits, the public listener, the certificate listener and the
/// admin listener, all with <c>Federation:TlsCertificate</c>. Does nothing when <c>Federation:ConfigureKestrel</c> is false
/// (the host's own <c>Kestrel:Endpoints</c> listen, as on a farm node).
/// </summary>
internal sealed class FederationKestrelSetup(IConfiguration configuration, IServiceProvider services) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        // Kestrel is configured when the host is built, before the options are validated at start: the section is bound
        // here without validation (an invalid URL is skipped; the start then fails once, with the validator's message).
        var settings = new FederationServerOptions();
        configuration.GetSection(FederationServerOptions.SectionName).Bind(settings);
        if (!settings.ConfigureKestrel)
        {
            return;
        }

        // The certificate is read at host start (a start-up load), not here: Kestrel is configured when the host is built.
        var material = services.GetRequiredService<FederationKeyMaterial>();
        X509Certificate2 Tls() => material.Credentials.Tls!;
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = FederationServerExtensions.MaxRequestBytes;
        kestrel.Limits.MaxRequestLineSize = 64 * 1024;
        kestrel.Limits.MaxRequestHeadersTotalSize = 96 * 1024;

        Listen(kestrel, settings.PublicUrl, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(TlsListenerOptions.ServerOnly(Tls));
        });

        // The certificate listener asks every client for a certificate but accepts any at the TLS layer, so that a
        // missing or bad certificate reaches the sign-in pipeline and gets an explanatory page instead of a TLS alert.
        // HTTP/1.1 only: client certificates cannot be renegotiated on HTTP/2.
        Listen(kestrel, settings.CertificateSignInUrl, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;

            // No TLS session resumption here: a session resumed from the public listener (same host name) would carry no
            // client certificate, and one resumed from an earlier sign-in would skip the handshake that presents it. Every
            // connection to this listener does a full handshake.
            listen.UseHttps(TlsListenerOptions.AskingForClientCertificate(Tls, allowTlsResume: false));
        });

        if (services.GetService<AdminApiHost>() is { } admin)
        {
            AdminApiExtensions.ListenAdmin(kestrel, admin, Tls);
        }
    }

    private static void Listen(KestrelServerOptions kestrel, Uri? url, Action<ListenOptions> configure)
    {
        if (url is not { IsAbsoluteUri: true })
        {
            return;
        }

        if (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(url.Port, configure);
        }
        else if (IPAddress.TryParse(url.Host, out var address))
        {
            kestrel.Listen(address, url.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(url.Port, configure);
        }
    }
}
