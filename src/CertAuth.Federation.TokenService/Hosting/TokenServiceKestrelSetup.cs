using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.AdminApi;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// The token service's Kestrel set-up (issue 12 item 7: an <see cref="IConfigureOptions{TOptions}"/>, run when the web
/// server is built at host start, not at registration): limits, the TLS listener on <c>TokenService:PublicUrl</c> and the
/// admin listener, with <c>TokenService:TlsCertificate</c>. Does nothing when <c>TokenService:ConfigureKestrel</c> is false.
/// </summary>
internal sealed class TokenServiceKestrelSetup(IConfiguration configuration, IServiceProvider services) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        // Kestrel is configured when the host is built, before the options are validated at start: the section is bound
        // here without validation (an invalid URL is skipped; the start then fails once, with the validator's message).
        var settings = new TokenServiceOptions();
        configuration.GetSection(TokenServiceOptions.SectionName).Bind(settings);
        if (!settings.ConfigureKestrel)
        {
            return;
        }

        // The certificate is read at host start (a start-up load), not here: Kestrel is configured when the host is built.
        X509Certificate2 Tls() => services.GetRequiredService<TokenServiceKeys>().Tls!;
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = InputLimits.MaxRequestBodyBytes;
        kestrel.Limits.MaxRequestLineSize = 16 * 1024;
        kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        void Configure(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(TlsListenerOptions.ServerOnly(Tls));
        }

        var url = settings.PublicUrl;
        if (url is not { IsAbsoluteUri: true })
        {
            return;
        }

        if (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(url.Port, Configure);
        }
        else if (IPAddress.TryParse(url.Host, out var address))
        {
            kestrel.Listen(address, url.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(url.Port, Configure);
        }

        if (services.GetService<AdminApiHost>() is { } admin)
        {
            AdminApiExtensions.ListenAdmin(kestrel, admin, Tls);
        }
    }
}
