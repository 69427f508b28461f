using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Hosting;

/// <summary>
/// Issue 16, second pass: both listeners negotiate TLS 1.3 with a client that offers it (Kestrel's protocol choice is
/// the platform default, which on Linux/OpenSSL allows TLS 1.2 and 1.3), and still serve a TLS 1.2-only client.
/// Real TLS on loopback, alice's certificate offered to the certificate listener.
/// </summary>
public sealed class TlsProtocolTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Theory]
    [InlineData(false, SslProtocols.None, SslProtocols.Tls13)]
    [InlineData(true, SslProtocols.None, SslProtocols.Tls13)]
    [InlineData(false, SslProtocols.Tls12, SslProtocols.Tls12)]
    [InlineData(true, SslProtocols.Tls12, SslProtocols.Tls12)]
    public async Task Listener_NegotiatesTls13ByDefault_AndAcceptsTls12Clients(bool certificateListener, SslProtocols offered, SslProtocols expected)
    {
        var url = certificateListener ? server.CertificateUrl : server.PublicUrl;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("localhost", url.Port);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = offered,
            ClientCertificates = certificateListener ? [server.Pki.Alice] : null,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == server.Pki.Tls.GetCertHashString(),
        });

        Assert.Equal(expected, ssl.SslProtocol);
    }
}
