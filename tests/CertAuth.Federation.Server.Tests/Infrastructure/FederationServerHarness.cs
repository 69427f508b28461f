using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// The real federation server on loopback: Kestrel with both TLS listeners (the certificate listener asks for client
/// certificates), a temp SQLite database, in-memory test PKI, and a real HTTP CRL distribution point. Time comes from a
/// <see cref="FakeTimeProvider"/> that starts at the wall clock (TLS itself checks the real clock).
/// </summary>
public class FederationServerHarness : IAsyncLifetime
{
    public const string RelyingPartyId = "urn:test:rp";
    public const string SignedRelyingPartyId = "urn:test:signed-rp";
    public const string AcsUrl = "https://rp.test/acs";
    public const string Password = "test-password";

    private readonly string _folder;
    private readonly bool _ownsPki = true;
    private WebApplication? _app;

    public FederationServerHarness()
    {
        _folder = Path.Combine(Path.GetTempPath(), "certauth-server-" + Guid.NewGuid().ToString("N"));
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Clock = new FakeTimeProvider(start);
        Pki = new TestCertificates(start);
        RequestSigner = CertAuth.Federation.Pki.CertificateFactory.CreateTokenSigning("CN=Test RP Request Signing", start.AddDays(-1), start.AddYears(1));
    }

    /// <summary>A second node of <paramref name="first"/>'s farm (issue 13): the same PKI, clock and working folder (so the same database file), its own listeners.</summary>
    protected FederationServerHarness(FederationServerHarness first)
    {
        ArgumentNullException.ThrowIfNull(first);
        _folder = first._folder;
        _ownsPki = false;
        Clock = first.Clock;
        Pki = first.Pki;
        RequestSigner = first.RequestSigner;
    }

    /// <summary>The working folder (certificates, database).</summary>
    protected string Folder => _folder;

    public FakeTimeProvider Clock { get; }

    /// <summary>When true, the CRL server holds every download from the start until <c>Crls.Release()</c>.</summary>
    public bool HoldCrlsAtStart { get; init; }

    public TestCertificates Pki { get; }

    /// <summary>The key <see cref="SignedRelyingPartyId"/> signs its AuthnRequests with.</summary>
    public X509Certificate2 RequestSigner { get; }

    public CrlServer Crls { get; private set; } = null!;

    public Uri PublicUrl { get; private set; } = null!;

    public Uri CertificateUrl { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Crls = await CrlServer.StartAsync();
        if (HoldCrlsAtStart)
        {
            Crls.Hold();
        }

        var issuingCrl = Crls.Publish("issuing.crl", Pki.IssuingCrl(1, Pki.Carol));
        var issuingDelta = Crls.Publish("issuing-delta.crl", Pki.IssuingDeltaCrl(2, 1));
        var rootCrl = Crls.Publish("root.crl", Pki.RootCrl(1));

        File.WriteAllBytes(Path.Combine(_folder, "tls.pfx"), Pki.Tls.Export(X509ContentType.Pfx, Password));
        File.WriteAllBytes(Path.Combine(_folder, "signing.pfx"), Pki.TokenSigning.Export(X509ContentType.Pfx, Password));
        File.WriteAllBytes(Path.Combine(_folder, "root.cer"), Pki.Root.RawData);
        File.WriteAllBytes(Path.Combine(_folder, "issuing.cer"), Pki.Issuing.RawData);
        File.WriteAllBytes(Path.Combine(_folder, "rp-signing.cer"), RequestSigner.RawData);

        PublicUrl = new Uri($"https://localhost:{FreePort.Next()}");
        CertificateUrl = new Uri($"https://localhost:{FreePort.Next()}");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "Data Source=" + Path.Combine(_folder, "certauth.db"),
            ["Federation:PublicUrl"] = PublicUrl.AbsoluteUri,
            ["Federation:CertificateSignInUrl"] = CertificateUrl.AbsoluteUri,
            ["Federation:DataProtectionKeysPath"] = Path.Combine(_folder, "keys"),
            ["Federation:TlsCertificate:Path"] = "tls.pfx",
            ["Federation:TlsCertificate:Password"] = Password,
            ["Federation:SigningCertificate:Path"] = "signing.pfx",
            ["Federation:SigningCertificate:Password"] = Password,
            ["Federation:TrustedCertificateAuthorities:0:Certificate"] = "root.cer",
            ["Federation:TrustedCertificateAuthorities:0:AuthorityType"] = "RootAuthority",
            ["Federation:TrustedCertificateAuthorities:0:CrlDistributionPoint"] = rootCrl.AbsoluteUri,
            ["Federation:TrustedCertificateAuthorities:1:Certificate"] = "issuing.cer",
            ["Federation:TrustedCertificateAuthorities:1:AuthorityType"] = "IntermediateAuthority",
            ["Federation:TrustedCertificateAuthorities:1:CrlDistributionPoint"] = issuingCrl.AbsoluteUri,
            ["Federation:TrustedCertificateAuthorities:1:DeltaCrlDistributionPoint"] = issuingDelta.AbsoluteUri,
            ["Federation:RelyingParties:0:EntityId"] = RelyingPartyId,
            ["Federation:RelyingParties:0:AssertionConsumerServiceUrls:0"] = AcsUrl,
            ["Federation:RelyingParties:0:AssertionConsumerServiceUrls:1"] = "https://rp.test/acs2",
            ["Federation:RelyingParties:1:EntityId"] = SignedRelyingPartyId,
            ["Federation:RelyingParties:1:AssertionConsumerServiceUrls:0"] = AcsUrl,
            ["Federation:RelyingParties:1:RequestSigningCertificate"] = "rp-signing.cer",
            ["Federation:RelyingParties:1:RequireSignedRequests"] = "true",
            ["Federation:RelyingParties:1:SignResponse"] = "true",
            ["Federation:RelyingParties:1:NameIdFormat"] = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        };
        var users = new[] { ("alice@contoso.com", "alice@contoso.com"), ("bob@contoso.com", "bob@contoso.com"), ("carol@contoso.com", null), ("dave@contoso.com", null), ("eve@contoso.com", null), ("mallory@contoso.com", null) };
        for (var i = 0; i < users.Length; i++)
        {
            settings[$"Federation:Users:{i}:Upn"] = users[i].Item1;
            settings[$"Federation:Users:{i}:Email"] = users[i].Item2;
            settings[$"Federation:Users:{i}:DisplayName"] = users[i].Item1.Split('@')[0];
        }

        Configure(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _folder, EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.AddFederationServer();
        ConfigureBuilder(builder);
        _app = builder.Build();
        _app.MapFederationServer();
        await _app.StartAsync();
        if (!HoldCrlsAtStart)
        {
            // As a load balancer waits for the probe: a CRL a test publishes later is never answered by the start-up load.
            await _app.Services.GetRequiredService<Certificates.Revocation.CrlPreloader>().Completion;
        }
    }

    /// <summary>Override to change settings (keys as in appsettings.json) before the server starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Override to add to the host (e.g. another listener) after <c>AddFederationServer()</c>.</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Crls.DisposeAsync();
        if (!_ownsPki)
        {
            GC.SuppressFinalize(this);
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Pki.Dispose();
        RequestSigner.Dispose();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// An HTTPS client that trusts only the test TLS certificate, presents <paramref name="clientCertificate"/> (or
    /// none) when asked, and does not follow redirects (tests follow them explicitly).
    /// </summary>
    public HttpClient CreateClient(X509Certificate2? clientCertificate = null, string? userAgent = null, TimeSpan? expect100ContinueTimeout = null)
    {
        var tlsThumbprint = Pki.Tls.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            Expect100ContinueTimeout = expect100ContinueTimeout ?? TimeSpan.FromSeconds(1),
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == tlsThumbprint,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            },
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent ?? "CertAuthTests/1.0");
        return client;
    }

    /// <summary>GETs <paramref name="url"/> and follows redirects (at most 5), presenting the certificate on each hop.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        for (var hops = 0; hops < 5 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found; hops++)
        {
            var next = new Uri(new Uri(url), response.Headers.Location!);
            response.Dispose();
            response = await client.GetAsync(next);
            url = next.AbsoluteUri;
        }

        return response;
    }
}
