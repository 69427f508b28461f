using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.SampleApp;
using CertAuth.Federation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// The whole chain on loopback: the federation server and the token service (test kit), the sample app on its own
/// TLS port registered as the public client <c>sample-app</c>, and one headless Debian chromium for the class.
/// </summary>
public class SampleAppFixture : TokenServiceFixture
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string PfxPassword = "e2e-only";

    private readonly int _samplePort = FreePort();
    private WebApplication? _sample;
    private IPlaywright? _playwright;

    public Uri SampleAppUrl => new($"https://localhost:{_samplePort}/");

    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Debian's chromium is needed for the browser tests (./test.sh installs it): apt-get install -y chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await base.InitializeAsync();
        if (UseWsFederation)
        {
            // The token service as a WS-Federation relying party of the federation server (SAML 1.1 tokens to /wsfed).
            var store = Services.GetRequiredService<Storage.Stores.IRelyingPartyStore>();
            var trust = (await store.FindByEntityIdAsync(TokenServiceEntityId))!;
            trust.Protocol = Storage.Entities.FederationProtocols.WsFederation;
            trust.TokenType = Storage.Entities.FederationProtocols.Saml11Token;
            trust.AssertionConsumerServiceUrls = [new Uri(TokenServiceUrl, "wsfed").AbsoluteUri];
            await store.UpdateAsync(trust);
        }

        await AddUserAsync("alice@contoso.com", email: "alice@contoso.com", displayName: "Alice Anders");
        await AddUserAsync("bob@contoso.com", displayName: "Bob Berg");
        await AddUserAsync("carol@contoso.com", displayName: "Carol Chen");
        await AddUserAsync("mallory@contoso.com", displayName: "Mallory Moss");

        var now = Clock.GetUtcNow();
        var tls = CertificateFactory.CreateTlsServer(Pki.RootCa, now.AddDays(-1), now.AddYears(1));
        _sample = SampleAppHost.Build([], options =>
        {
            options.ListenPort = _samplePort;
            options.TokenServiceUrl = TokenServiceUrl;
            options.ClientId = "sample-app";
            options.RedirectUri = new Uri(SampleAppUrl, "signin-callback");
            options.TlsCertificate = tls;
            options.TrustedRoot = X509CertificateLoader.LoadCertificate(Pki.RootCa.RawData);
        });
        await _sample.StartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>
    /// A fresh browser context presenting <paramref name="certificate"/> (or none) to the certificate listener. The
    /// pages' CSP is enforced (not bypassed): the sign-in's redirect chain must work under it as in a real browser.
    /// </summary>
    public async Task<IPage> NewPageAsync(X509Certificate2? certificate, string? userAgent = null)
    {
        var options = new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            UserAgent = userAgent,
            ViewportSize = userAgent is null ? new ViewportSize { Width = 1280, Height = 900 } : new ViewportSize { Width = 390, Height = 844 },
        };
        if (certificate is not null)
        {
            options.ClientCertificates =
            [
                new ClientCertificate
                {
                    Origin = CertificateSignInUrl.GetLeftPart(UriPartial.Authority),
                    Pfx = certificate.Export(X509ContentType.Pkcs12, PfxPassword),
                    Passphrase = PfxPassword,
                },
            ];
        }

        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot to <c>artifacts/screenshots/e2e-{name}.png</c>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "e2e-" + name + ".png"), FullPage = true });
    }

    /// <summary>Whether the token service sends the browser to the federation server with WS-Federation (wsignin1.0) instead of SAML 2.0.</summary>
    protected virtual bool UseWsFederation => false;

    protected override void ConfigureTokenServiceSettings(IDictionary<string, string?> settings)
    {
        if (UseWsFederation)
        {
            settings["TokenService:FederationServers:0:Protocol"] = "WsFederation";
        }

        settings["TokenService:Clients:1:ClientId"] = "sample-app";
        settings["TokenService:Clients:1:Public"] = "true";
        settings["TokenService:Clients:1:RedirectUris:0"] = new Uri(SampleAppUrl, "signin-callback").AbsoluteUri;
        settings["TokenService:Clients:1:AllowedScopes:0"] = "openid";
        settings["TokenService:Clients:1:AllowedScopes:1"] = "profile";
        settings["TokenService:Clients:1:AllowedScopes:2"] = "email";
        settings["TokenService:Clients:1:AllowedScopes:3"] = "offline_access";
        settings["TokenService:Clients:1:AllowedGrantTypes:0"] = "authorization_code";
        settings["TokenService:Clients:1:AllowedGrantTypes:1"] = "refresh_token";
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CertAuth.Federation.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
