using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Server.Tests.Hosting;

/// <summary>
/// Issue 16 (perf3): an ECDSA P-256 TLS certificate (made by the dev PKI's <see cref="CertificateFactory.CreateTlsServer"/>
/// with <see cref="PkiKeyAlgorithm.EcdsaP256"/>) configured as <c>Federation:TlsCertificate</c> serves both listeners over
/// real TLS on loopback; the certificate listener still asks for the client certificate and the server still validates
/// it (alice signs in, mallory — issued by an untrusted CA — is refused).
/// </summary>
public sealed class EcdsaTlsCertificateTests(EcdsaTlsCertificateTests.EcdsaTlsServer server) : IClassFixture<EcdsaTlsCertificateTests.EcdsaTlsServer>
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Listener_PresentsTheEcdsaCertificate_AndTheCertificateListenerStillAsksForTheClientCertificate(bool certificateListener)
    {
        var url = certificateListener ? server.CertificateUrl : server.PublicUrl;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("localhost", url.Port);
        X509Certificate2? presented = null;
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = certificateListener ? [server.Pki.Alice] : null,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : new X509Certificate2(certificate);
                return certificate is not null && certificate.GetCertHashString() == server.EcdsaTls.GetCertHashString();
            },
        });

        Assert.NotNull(presented);
        Assert.Equal(EcPublicKeyOid, presented.PublicKey.Oid.Value);
        Assert.Equal(certificateListener, ssl.IsMutuallyAuthenticated);
    }

    [Fact]
    public async Task SignIn_OverTheEcdsaCertificate_ValidatesTheClientCertificate()
    {
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server.Pki.Alice)).Status);

        var mallory = await SignInAsync(server.Pki.Mallory);
        Assert.Equal(HttpStatusCode.Forbidden, mallory.Status);
        Assert.NotNull(mallory.ErrorCode);
    }

    private async Task<SignInPage> SignInAsync(X509Certificate2 certificate)
    {
        using var client = LoopbackHttpClient.Create(server.EcdsaTls.Thumbprint, certificate, "CertAuthTests/1.0", expect100ContinueTimeout: TimeSpan.FromSeconds(1));
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        return await SignInPage.ReadAsync(response);
    }

    /// <summary>The suite's server with an ECDSA P-256 TLS certificate (issued by the test root) in place of the RSA one.</summary>
    public sealed class EcdsaTlsServer : FederationServerHarness
    {
        private X509Certificate2? _tls;

        public X509Certificate2 EcdsaTls => _tls ?? throw new InvalidOperationException("The server has not started.");

        protected override void Configure(Dictionary<string, string?> settings)
        {
            _tls ??= CertificateFactory.CreateTlsServer(Pki.Root, Pki.Now.AddDays(-1), Pki.Now.AddYears(1), keyAlgorithm: PkiKeyAlgorithm.EcdsaP256);
            File.WriteAllBytes(Path.Combine(Folder, "tls-ecdsa.pfx"), _tls.Export(X509ContentType.Pfx, Password));
            settings["Federation:TlsCertificate:Path"] = "tls-ecdsa.pfx";
            settings["Federation:TlsCertificate:Password"] = Password;
        }

        public override async Task DisposeAsync()
        {
            _tls?.Dispose();
            await base.DisposeAsync();
        }
    }
}
