using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Testing;

/// <summary>HTTPS clients for servers started by <see cref="LoopbackHostBuilder"/>: they trust one TLS certificate only.</summary>
public static class LoopbackHttpClient
{
    /// <summary>
    /// A client that trusts only the server certificate with <paramref name="tlsThumbprint"/> (SHA-1 hex, as
    /// <see cref="X509Certificate2.Thumbprint"/>), presents <paramref name="clientCertificate"/> (or none) when asked,
    /// keeps cookies in <paramref name="cookies"/> when given, and does not follow redirects. With
    /// <paramref name="newConnectionPerRequest"/> every request opens a new TLS connection (so each one renegotiates the
    /// client certificate).
    /// </summary>
    public static HttpClient Create(
        string tlsThumbprint,
        X509Certificate2? clientCertificate = null,
        string? userAgent = null,
        CookieContainer? cookies = null,
        Uri? baseAddress = null,
        TimeSpan? expect100ContinueTimeout = null,
        bool newConnectionPerRequest = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(tlsThumbprint);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(), tlsThumbprint, StringComparison.OrdinalIgnoreCase),
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        if (newConnectionPerRequest)
        {
            handler.PooledConnectionLifetime = TimeSpan.Zero;
        }

        if (expect100ContinueTimeout is { } expect)
        {
            handler.Expect100ContinueTimeout = expect;
        }

        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30), BaseAddress = baseAddress };
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        return client;
    }
}
