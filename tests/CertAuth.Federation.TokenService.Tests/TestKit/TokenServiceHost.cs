using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.TokenService.Tests.TestKit;

/// <summary>
/// The token service in-process on real Kestrel TLS (a free loopback port), with its own temp SQLite database, a
/// fake clock, a test PKI and a simulated federation server whose signing certificate it trusts. The host is the test
/// kit's <see cref="LoopbackHostBuilder"/> (the one builder of the test layers).
/// </summary>
public sealed class TokenServiceHost : IAsyncDisposable
{
    public const string FederationEntityId = "https://fs.test/adfs/services/trust";
    public const string FederationSsoUrl = "https://fs.test/adfs/ls/";
    public const string PublicClientId = "sample-app";
    public const string RedirectUri = "https://app.test/signin-callback";
    public const string LoopbackRedirectUri = "http://127.0.0.1/callback";
    public const string ConfidentialClientId = "web-app";
    public const string ConfidentialSecret = "s3cret-for-tests-only-0123456789";
    public const string IssuingCaId = "issuing-ca";

    private TokenServiceHost(string folder, FakeTimeProvider clock, TestPki pki, FederationServerSimulator federation, WebApplication app, Uri baseUrl, X509Certificate2 tls, ListLoggerProvider logs)
    {
        Folder = folder;
        Clock = clock;
        Pki = pki;
        Federation = federation;
        App = app;
        BaseUrl = baseUrl;
        Logs = logs;
        Client = LoopbackHttpClient.Create(tls.Thumbprint, cookies: new CookieContainer(), baseAddress: baseUrl, newConnectionPerRequest: false);
        _tlsThumbprint = tls.Thumbprint;
    }

    private readonly string _tlsThumbprint;

    /// <summary>Another browser on the same server: its own cookie jar (<paramref name="cookies"/> when given).</summary>
    public HttpClient NewBrowser(CookieContainer? cookies = null) =>
        LoopbackHttpClient.Create(_tlsThumbprint, cookies: cookies ?? new CookieContainer(), baseAddress: BaseUrl, newConnectionPerRequest: false);

    public string Folder { get; }

    public FakeTimeProvider Clock { get; }

    public TestPki Pki { get; }

    public FederationServerSimulator Federation { get; }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public ListLoggerProvider Logs { get; }

    public string EntityId => BaseUrl.AbsoluteUri;

    public string AcsUrl => new Uri(BaseUrl, "/saml2/acs").AbsoluteUri;

    public string TokenEndpoint => new Uri(BaseUrl, "/oauth2/token").AbsoluteUri;

    /// <param name="configure">Changes to the settings.</param>
    /// <param name="beforeStart">Runs after the host is built and before it starts (e.g. to put a CA in the database).</param>
    /// <param name="waitForCrlPreload">
    /// Return only once the start-up CRL load is done (as a load balancer waits for /probe), so that a CA the test trusts
    /// and a CRL it publishes are never picked up by that load instead of by the request under test.
    /// </param>
    public static async Task<TokenServiceHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null, Func<IServiceProvider, TestPki, Task>? beforeStart = null, bool waitForCrlPreload = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "certauth-ts-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var pki = TestPki.Create(clock);
        var now = clock.GetUtcNow();
        var tls = CertificateFactory.CreateTlsServer(pki.RootCa, now.AddDays(-1), now.AddYears(1));
        var signing = CertificateFactory.CreateTokenSigning("CN=Test Federation Token Signing", now.AddDays(-1), now.AddYears(1));
        var baseUrl = new Uri($"https://127.0.0.1:{LoopbackPort.Next()}/");
        var logs = new ListLoggerProvider();
        var host = new LoopbackHostBuilder(LoopbackRole.TokenService, folder)
            .UseClock(clock)
            .UseSqlite("db/certauth.db")
            .UsePublicUrl(baseUrl.AbsoluteUri.TrimEnd('/'))
            .UseTlsCertificate(tls, "test")
            .WriteFile("fs-signing.cer", signing.RawData)
            .WriteFile("issuing-ca.cer", pki.IssuingCa.RawData)
            .AddLoggerProvider(logs);
        host.EnvironmentName = "Development";
        host.KeepDefaultConfigurationSources = true;
        host.WaitForCrlPreload = waitForCrlPreload;
        var settings = host.Settings;
        settings["TokenService:DataPath"] = "data";
        settings["TokenService:Crl:RetryInterval"] = "00:00:00";
        settings["TokenService:FederationServers:0:EntityId"] = FederationEntityId;
        settings["TokenService:FederationServers:0:SingleSignOnUrl"] = FederationSsoUrl;
        settings["TokenService:FederationServers:0:SigningCertificates:0"] = "fs-signing.cer";
        settings["TokenService:Clients:0:ClientId"] = PublicClientId;
        settings["TokenService:Clients:0:RedirectUris:0"] = RedirectUri;
        settings["TokenService:Clients:0:RedirectUris:1"] = LoopbackRedirectUri;
        settings["TokenService:Clients:0:AllowedGrantTypes:0"] = "authorization_code";
        settings["TokenService:Clients:0:AllowedGrantTypes:1"] = "refresh_token";
        settings["TokenService:Clients:0:AllowedGrantTypes:2"] = "urn:ietf:params:oauth:grant-type:saml2-bearer";
        settings["TokenService:Clients:1:ClientId"] = ConfidentialClientId;
        settings["TokenService:Clients:1:Public"] = "false";
        settings["TokenService:Clients:1:SecretHash"] = ClientSecretHasher.Hash(ConfidentialSecret);
        settings["TokenService:Clients:1:RedirectUris:0"] = "https://web.test/callback";
        configure?.Invoke(settings);
        if (beforeStart is not null)
        {
            host.BeforeStart(services => beforeStart(services, pki));
        }

        var app = await host.StartAsync();
        var federation = new FederationServerSimulator(FederationEntityId, signing, clock) { DefaultUserCertificate = pki.IssueUser("default-user", upn: "default-user@contoso.com") };
        return new TokenServiceHost(folder, clock, pki, federation, app, baseUrl, tls, logs);
    }

    /// <summary>
    /// The federation server's store over the same database (issue 12: both roles may share one database, in disjoint
    /// tables), for asserting that the token service never writes the directory. The token service's own container has
    /// no federation-server store at all.
    /// </summary>
    public async Task<ServiceProvider> OpenFederationStoreAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddFederationStorage(new StorageOptions { ConnectionString = "Data Source=db/certauth.db" }, Folder);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().InitializeAsync();
        return provider;
    }

    /// <summary>Trusts the test PKI's issuing CA (the token service's own <c>ts_trusted_authorities</c> table) with the given CRL URLs.</summary>
    /// <remarks>
    /// The service read the (empty) CA list at start-up for its CRL preload and re-reads it at most every 2 seconds of
    /// its clock; the fake clock is moved past that so the new CA is seen, as it would be 2 s later in production.
    /// </remarks>
    public async Task TrustIssuingCaAsync(Uri? crl, Uri? deltaCrl = null, TimeSpan? gracePeriod = null)
    {
        await TrustIssuingCaAsync(Services, Pki, crl, deltaCrl, gracePeriod);
        Clock.Advance(TimeSpan.FromSeconds(2));
    }

    /// <summary>As above, on any container (e.g. before the host starts).</summary>
    public static Task TrustIssuingCaAsync(IServiceProvider services, TestPki pki, Uri? crl, Uri? deltaCrl = null, TimeSpan? gracePeriod = null) =>
        services.GetRequiredService<ITrustedAuthorityStore>().AddAsync(new TrustedAuthorityRecord
        {
            Id = IssuingCaId,
            AuthorityType = 1,
            Certificate = pki.IssuingCa.RawData,
            Thumbprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pki.IssuingCa.RawData)),
            Subject = pki.IssuingCa.Subject,
            CrlDistributionPoint = crl?.AbsoluteUri,
            DeltaCrlDistributionPoint = deltaCrl?.AbsoluteUri,
            CrlGracePeriodSeconds = gracePeriod is { } g ? (int)g.TotalSeconds : null,
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
