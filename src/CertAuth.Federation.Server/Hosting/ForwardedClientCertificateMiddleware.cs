using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Honours the RFC 9440 <c>Client-Cert</c> header only when the TCP peer is a configured proxy
/// (<c>Federation:ForwardedClientCertificate:TrustedProxies</c>); from anyone else the header is removed before any
/// endpoint runs. A honoured certificate replaces the connection's (the proxy's) certificate, so the sign-in pipeline
/// validates it exactly like one from the TLS handshake. A malformed header from a trusted proxy is marked with
/// <see cref="ForwardedClientCertificateFeature"/> and refused by the certificate endpoint with CAF1202.
/// </summary>
/// <remarks>
/// ASP.NET Core's <c>CertificateForwardingMiddleware</c> was considered: it has no peer check, and it turns a header it
/// cannot parse into "no certificate" (CAF1001), which hides a broken proxy set-up. This is the same idea with both.
/// </remarks>
public sealed class ForwardedClientCertificateMiddleware(
    RequestDelegate next,
    IOptions<FederationServerOptions> options,
    ILogger<ForwardedClientCertificateMiddleware> logger)
{
    /// <summary>Longest header value read (a DER certificate of 12 KiB in base64, with the RFC 8941 colons).</summary>
    public const int MaxHeaderLength = 16 * 1024;

    private readonly TrustedProxyList _proxies = new(options.Value.ForwardedClientCertificate.TrustedProxies);

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (!headers.TryGetValue(ForwardedClientCertificateOptions.HeaderName, out var values))
        {
            return next(context);
        }

        var peer = context.Connection.RemoteIpAddress;
        if (!_proxies.Contains(peer))
        {
            headers.Remove(ForwardedClientCertificateOptions.HeaderName);
            logger.ForwardedCertificateIgnored(peer?.ToString() ?? "unknown");
            return next(context);
        }

        var certificate = values.Count == 1 ? TryRead(values[0]) : null;
        if (certificate is null)
        {
            context.Features.Set(new ForwardedClientCertificateFeature(Malformed: true));
            logger.ForwardedCertificateMalformed(peer!.ToString());
            return next(context);
        }

        context.Response.RegisterForDispose(certificate);
        context.Features.Set<ITlsConnectionFeature>(new ForwardedTlsConnectionFeature(certificate));
        context.Features.Set(new ForwardedClientCertificateFeature(Malformed: false));
        return next(context);
    }

    /// <summary>
    /// Reads an RFC 9440 value: an RFC 8941 byte sequence (<c>:base64-of-DER:</c>). Anything else — no colons, bad
    /// base64, not a certificate, too long — is null.
    /// </summary>
    public static X509Certificate2? TryRead(string? value)
    {
        if (value is null || value.Length is < 3 or > MaxHeaderLength)
        {
            return null;
        }

        var text = value.AsSpan().Trim(' ');
        if (text.Length < 3 || text[0] != ':' || text[^1] != ':')
        {
            return null;
        }

        var der = new byte[text.Length];
        if (!Convert.TryFromBase64Chars(text[1..^1], der, out var written) || written == 0)
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(der.AsSpan(0, written));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private sealed class ForwardedTlsConnectionFeature(X509Certificate2 certificate) : ITlsConnectionFeature
    {
        public X509Certificate2? ClientCertificate { get; set; } = certificate;

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
    }
}
