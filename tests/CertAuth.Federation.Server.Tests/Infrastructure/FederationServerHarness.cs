using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// The real federation server on loopback: Kestrel with both TLS listeners (the certificate listener asks for client
/// certificates), a temp SQLite database, in-memory test PKI, and a real HTTP CRL distribution point. Time comes from a
/// <see cref="FakeTimeProvider"/> that starts at the wall clock (TLS itself checks the real clock). The host is the test
/// kit's <see cref="LoopbackHostBuilder"/> (the one builder of the test layers) with this suite's PKI, users and
/// relying parties.
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
        Crls = await CrlServer.StartAsync();
        if (HoldCrlsAtStart)
        {
            Crls.Hold();
        }

        Crls.Publish("issuing.crl", Pki.IssuingCrl(1, Pki.Carol));
        Crls.Publish("issuing-delta.crl", Pki.IssuingDeltaCrl(2, 1));
        Crls.Publish("root.crl", Pki.RootCrl(1));

        PublicUrl = new Uri($"https://localhost:{FreePort.Next()}");
        CertificateUrl = new Uri($"https://localhost:{FreePort.Next()}");
        _app = await StartHostAsync(waitForCrlPreload: !HoldCrlsAtStart);
    }

    /// <summary>
    /// Stops the server and starts it again in the same folder (database, files), on the same ports, with the same CRL
    /// server and clock: a process restart (issue 16, the on-disk CRL archive). The new host does not wait for its CRL
    /// load when <paramref name="waitForCrlPreload"/> is false.
    /// </summary>
    public async Task RestartAsync(bool waitForCrlPreload)
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }

        _app = await StartHostAsync(waitForCrlPreload);
    }

    private async Task<WebApplication> StartHostAsync(bool waitForCrlPreload)
    {
        var issuingCrl = Crls.UrlOf("issuing.crl");
        var issuingDelta = Crls.UrlOf("issuing-delta.crl");
        var rootCrl = Crls.UrlOf("root.crl");
        var host = new LoopbackHostBuilder(LoopbackRole.FederationServer, _folder)
            .UseClock(Clock)
            .UseSqlite(Path.Combine(_folder, "certauth.db"))
            .UsePublicUrl(PublicUrl.AbsoluteUri)
            .UseCertificateSignInUrl(CertificateUrl.AbsoluteUri)
            .UseTlsCertificate(Pki.Tls, Password)
            .UseSigningCertificate(Pki.TokenSigning, Password)
            .TrustCertificateAuthority(Pki.Root, root: true, "root.cer", rootCrl)
            .TrustCertificateAuthority(Pki.Issuing, root: false, "issuing.cer", issuingCrl, issuingDelta)
            .WriteFile("rp-signing.cer", RequestSigner.RawData)
            .ConfigureBuilder(ConfigureBuilder);
        host.WaitForCrlPreload = waitForCrlPreload;
        var settings = host.Settings;
        settings["Federation:DataProtectionKeysPath"] = Path.Combine(_folder, "keys");
        settings["Federation:RelyingParties:0:EntityId"] = RelyingPartyId;
        settings["Federation:RelyingParties:0:AssertionConsumerServiceUrls:0"] = AcsUrl;
        settings["Federation:RelyingParties:0:AssertionConsumerServiceUrls:1"] = "https://rp.test/acs2";
        settings["Federation:RelyingParties:1:EntityId"] = SignedRelyingPartyId;
        settings["Federation:RelyingParties:1:AssertionConsumerServiceUrls:0"] = AcsUrl;
        settings["Federation:RelyingParties:1:RequestSigningCertificate"] = "rp-signing.cer";
        settings["Federation:RelyingParties:1:RequireSignedRequests"] = "true";
        settings["Federation:RelyingParties:1:SignResponse"] = "true";
        settings["Federation:RelyingParties:1:NameIdFormat"] = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
        var users = new[] { ("alice@contoso.com", "alice@contoso.com"), ("bob@contoso.com", "bob@contoso.com"), ("carol@contoso.com", null), ("dave@contoso.com", null), ("eve@contoso.com", null), ("mallory@contoso.com", null) };
        for (var i = 0; i < users.Length; i++)
        {
            settings[$"Federation:Users:{i}:Upn"] = users[i].Item1;
            settings[$"Federation:Users:{i}:Email"] = users[i].Item2;
            settings[$"Federation:Users:{i}:DisplayName"] = users[i].Item1.Split('@')[0];
        }

        Configure(settings);
        return await host.StartAsync();
    }

    /// <summary>Override to change settings (keys as in appsettings.json) before the server starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Override to add to the host (e.g. another listener) after <c>AddFederationServer()</c>.</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    public virtual async Task DisposeAsync()
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
        => LoopbackHttpClient.Create(Pki.Tls.Thumbprint, clientCertificate, userAgent ?? "CertAuthTests/1.0", expect100ContinueTimeout: expect100ContinueTimeout ?? TimeSpan.FromSeconds(1));

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
