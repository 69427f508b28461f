using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.SamlSample;
using CertAuth.Federation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// The federation server (test kit) and the SAML sample relying party on its own TLS port, registered as a
/// relying-party trust (entity id = its URL, ACS <c>/saml2/acs</c>), configured from the server's metadata; one headless
/// Debian chromium for the class.
/// </summary>
public sealed class SamlSampleFixture : FederationServerFixture
{
    private readonly int _port = FreePort();
    private WebApplication? _sample;
    private IPlaywright? _playwright;

    public Uri SampleUrl => new($"https://localhost:{_port}/");

    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Assert.True(File.Exists(SampleAppFixture.ChromiumPath), "Debian's chromium is needed for the browser tests (./test.sh installs it): apt-get install -y chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await base.InitializeAsync();
        await RegisterRelyingPartyAsync(SampleUrl.AbsoluteUri, new Uri(SampleUrl, SamlSampleHost.AcsPath).AbsoluteUri);
        await AddUserAsync("alice@contoso.com", email: "alice@contoso.com", displayName: "Alice Anders");
        await AddUserAsync("carol@contoso.com", displayName: "Carol Chen");

        var now = Clock.GetUtcNow();
        _sample = SamlSampleHost.Build([], options =>
        {
            options.ListenPort = _port;
            options.EntityId = SampleUrl.AbsoluteUri;
            options.FederationMetadataUrl = MetadataUrl;
            options.TlsCertificate = CertificateFactory.CreateTlsServer(Pki.RootCa, now.AddDays(-1), now.AddYears(1));
            options.TrustedRoot = X509CertificateLoader.LoadCertificate(Pki.RootCa.RawData);
        });
        await _sample.StartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = SampleAppFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context presenting <paramref name="certificate"/> to the certificate listener (CSP enforced).</summary>
    public async Task<IPage> NewPageAsync(X509Certificate2 certificate)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ClientCertificates =
            [
                new ClientCertificate
                {
                    Origin = CertificateSignInUrl.GetLeftPart(UriPartial.Authority),
                    Pfx = certificate.Export(X509ContentType.Pkcs12, SampleAppFixture.PfxPassword),
                    Passphrase = SampleAppFixture.PfxPassword,
                },
            ],
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_sample is not null)
        {
            await _sample.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
