using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using Microsoft.AspNetCore.Builder;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CertAuth.Federation.Testing;

/// <summary>
/// The federation server, in-process, for relying-party tests: real Kestrel TLS on two free loopback ports (the public
/// listener and the certificate sign-in listener), a temporary SQLite database, a test PKI generated for this run (a
/// root and an issuing CA, nothing written to the repository), a loopback CRL distribution point, and a
/// <see cref="FakeTimeProvider"/> as the server's clock. Use one per test class:
/// <code>
/// public sealed class SignInTests(FederationServerFixture server) : IClassFixture&lt;FederationServerFixture&gt;
/// {
///     [Fact]
///     public async Task Alice_SignsIn()
///     {
///         await server.RegisterRelyingPartyAsync("urn:my:app", "https://my.app/acs");
///         await server.AddUserAsync("alice@contoso.com");
///         var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com");
///         var result = await server.SignInAsync(alice, "urn:my:app");
///         Assert.True(result.Succeeded);
///     }
/// }
/// </code>
/// TLS itself checks certificates against the real clock; only the server's logic (token lifetimes, CRL freshness,
/// certificate validity) follows <see cref="Clock"/>.
/// </summary>
public class FederationServerFixture : IAsyncLifetime, IAsyncDisposable
{
    private const string IssuingCrlName = "issuing.crl";
    private const string RootCrlName = "root.crl";
    /// <summary>The password of the PFX files the kit writes to <see cref="WorkingDirectory"/> (generated keys, test only).</summary>
    protected const string FilePassword = "certauth-testing";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-testing-" + Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _untrustedCa;
    private readonly X509Certificate2 _tls;
    private readonly X509Certificate2 _tokenSigning;
    private LoopbackCrlServer? _crls;
    private WebApplication? _app;

    /// <summary>Generates the test PKI; the server starts in <see cref="InitializeAsync"/>.</summary>
    public FederationServerFixture()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Clock = new FakeTimeProvider(start);
        Pki = TestPki.Create(Clock);
        _untrustedCa = CertificateFactory.CreateRootCa("CN=Untrusted Test CA, O=Somebody Else", start.AddDays(-30), start.AddYears(5));
        _tls = CertificateFactory.CreateTlsServer(Pki.RootCa, start.AddDays(-1), start.AddYears(1));
        _tokenSigning = CertificateFactory.CreateTokenSigning("CN=CertAuth Testing Token Signing", start.AddDays(-1), start.AddYears(1));
        TokenSigningCertificate = X509CertificateLoader.LoadCertificate(_tokenSigning.RawData);
        TlsCertificate = X509CertificateLoader.LoadCertificate(_tls.RawData);
    }

    /// <summary>The server's clock: starts at the wall clock (whole seconds); <c>Clock.Advance(...)</c> moves it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The generated PKI (root and issuing CA with their keys) the server trusts.</summary>
    public TestPki Pki { get; }

    /// <summary>The public listener, e.g. <c>https://localhost:40123/</c> (WS-Federation, SAML, metadata).</summary>
    public Uri PublicUrl { get; private set; } = null!;

    /// <summary>The certificate sign-in listener (asks browsers for a client certificate).</summary>
    public Uri CertificateSignInUrl { get; private set; } = null!;

    /// <summary>The server's SAML entity id (the Issuer of its assertions).</summary>
    public string EntityId => new Uri(PublicUrl, "adfs/services/trust").AbsoluteUri;

    /// <summary>The signed federation metadata a relying party can load its trust from.</summary>
    public Uri MetadataUrl => new(PublicUrl, "FederationMetadata/2007-06/FederationMetadata.xml");

    /// <summary>The SAML 2.0 single sign-on endpoint (where a relying party sends its AuthnRequest).</summary>
    public Uri SingleSignOnUrl => new(PublicUrl, "adfs/ls/");

    /// <summary>The certificate (public part only) whose key signs assertions; validate tokens against it.</summary>
    public X509Certificate2 TokenSigningCertificate { get; }

    /// <summary>The TLS certificate (public part only) of both listeners, issued by <see cref="TestPki.RootCa"/>.</summary>
    public X509Certificate2 TlsCertificate { get; }

    /// <summary>The temporary folder holding the database, key files and data-protection keys of this run.</summary>
    protected string WorkingDirectory => _folder;

    /// <summary>The running server's services (stores, options), for assertions the helpers do not cover.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The federation server has not started.");

    /// <summary>Starts the CRL server and the federation server.</summary>
    public virtual async Task InitializeAsync()
    {
        _crls = await LoopbackCrlServer.StartAsync();
        var issuingCrl = _crls.Publish(IssuingCrlName, Pki.BuildCrl());
        var rootCrl = _crls.Publish(RootCrlName, Pki.BuildCrl(Pki.RootCa));

        PublicUrl = new Uri($"https://localhost:{LoopbackPort.Next()}/");
        CertificateSignInUrl = new Uri($"https://localhost:{LoopbackPort.Next()}/");
        var host = new LoopbackHostBuilder(LoopbackRole.FederationServer, _folder)
            .UseClock(Clock)
            .UseSqlite(Path.Combine(_folder, "certauth.db"))
            .UsePublicUrl(PublicUrl.AbsoluteUri.TrimEnd('/'))
            .UseCertificateSignInUrl(CertificateSignInUrl.AbsoluteUri.TrimEnd('/'))
            .UseTlsCertificate(_tls, FilePassword)
            .UseSigningCertificate(_tokenSigning, FilePassword)
            .TrustCertificateAuthority(Pki.RootCa, root: true, "root.cer", rootCrl)
            .TrustCertificateAuthority(Pki.IssuingCa, root: false, "issuing.cer", issuingCrl);
        host.Settings["Federation:EntityId"] = EntityId;
        ConfigureSettings(host.Settings);
        _app = await host.StartAsync();
    }

    /// <summary>
    /// Override to change the server's configuration (keys as in appsettings.json, e.g. <c>Federation:ClockSkew</c>)
    /// before it starts.
    /// </summary>
    protected virtual void ConfigureSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>
    /// Issues a client-authentication certificate for <paramref name="name"/> (subject <c>CN=name</c>) from the trusted
    /// issuing CA, with the UPN and/or e-mail in its subject alternative name (how the server maps it to a user).
    /// </summary>
    public X509Certificate2 IssueUserCertificate(string name, string? upn = null, string? email = null)
        => Pki.IssueUser(name, upn, email);

    /// <summary>Issues a certificate from a CA the server does not trust (the sign-in is refused).</summary>
    public X509Certificate2 IssueUntrustedCertificate(string name, string? upn = null, string? email = null)
        => Pki.IssueUser(Pki.UserOptions(name, upn, email), _untrustedCa);

    /// <summary>Adds a user to the server's directory (certificates map to users by UPN, then e-mail).</summary>
    public async Task AddUserAsync(string upn, string? email = null, string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(upn);
        await Services.GetRequiredService<IUserStore>().AddAsync(new UserRecord
        {
            Upn = upn.ToLowerInvariant(),
            Email = email?.ToLowerInvariant(),
            DisplayName = displayName ?? upn.Split('@')[0],
            ImmutableId = Guid.NewGuid().ToString("N"),
        });
    }

    /// <summary>
    /// Refuses refresh tokens issued to <paramref name="upn"/> before now (<c>certauth user revoke-sessions</c>);
    /// <see cref="Clock"/> moves one second forward first, so every session begun so far is before it.
    /// </summary>
    public async Task RevokeSessionsAsync(string upn)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        var directory = await Services.GetRequiredService<IUserStore>().RevokeSessionsAsync(upn);
        var tokenServiceUsers = await RevokeTokenServiceSessionsAsync(upn, Clock.GetUtcNow());
        if (directory is null && tokenServiceUsers == 0)
        {
            throw new InvalidOperationException($"No user '{upn}'.");
        }
    }

    /// <summary>
    /// Stamps the token service's users with <paramref name="upn"/> (every federation trust) so that their refresh
    /// tokens issued before <paramref name="now"/> are refused; returns how many. The federation server alone has none.
    /// </summary>
    protected virtual Task<int> RevokeTokenServiceSessionsAsync(string upn, DateTimeOffset now) => Task.FromResult(0);

    /// <summary>
    /// Registers a relying-party trust: <paramref name="entityId"/> receives assertions at
    /// <paramref name="assertionConsumerServiceUrl"/> (an https URL). <paramref name="configure"/> sets the rest
    /// (signed requests, NameID format, released claims, token lifetime).
    /// </summary>
    public async Task RegisterRelyingPartyAsync(string entityId, string assertionConsumerServiceUrl, Action<RelyingPartyRecord>? configure = null)
    {
        var record = new RelyingPartyRecord { EntityId = entityId, AssertionConsumerServiceUrls = [assertionConsumerServiceUrl] };
        configure?.Invoke(record);
        await Services.GetRequiredService<IRelyingPartyStore>().AddAsync(record);
    }

    /// <summary>
    /// Revokes <paramref name="certificate"/> at the issuing CA, publishes the CA's new CRL on the kit's CRL server and
    /// makes the server fetch it now (as <c>certauth ca crl-refresh</c> does); the next sign-in with it fails with
    /// <c>CAF1005</c>. <see cref="Clock"/> moves one second forward first, so the revocation date is strictly after
    /// every sign-in made so far (the token service refuses only sessions that began before the revocation).
    /// </summary>
    public virtual async Task RevokeAsync(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Pki.Revoke(certificate);
        _crls!.Publish(IssuingCrlName, Pki.BuildCrl());
        var issuing = (await Services.GetRequiredService<ITrustedAuthorityStore>().ListAsync())
            .Single(a => string.Equals(a.Subject, Pki.IssuingCa.Subject, StringComparison.Ordinal));
        await Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(issuing.Id, "CertAuth.Federation.Testing");
        await Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);
    }

    /// <summary>
    /// An HTTPS client for the server's listeners: trusts only <see cref="TlsCertificate"/>, presents
    /// <paramref name="clientCertificate"/> (or none) when asked, keeps no cookies and does not follow redirects.
    /// </summary>
    public HttpClient CreateClient(X509Certificate2? clientCertificate = null, string? userAgent = null)
        => CreateClient(clientCertificate, userAgent, cookies: null);

    /// <summary>As <see cref="CreateClient(X509Certificate2?, string?)"/>, keeping cookies in <paramref name="cookies"/> when given.</summary>
    protected HttpClient CreateClient(X509Certificate2? clientCertificate, string? userAgent, CookieContainer? cookies)
        => LoopbackHttpClient.Create(TlsCertificate.Thumbprint, clientCertificate, userAgent ?? "CertAuth.Federation.Testing/1.0", cookies);

    /// <summary>
    /// Signs in to <paramref name="relyingPartyEntityId"/> the way a browser does (IdP-initiated sign-on, following the
    /// redirects to the certificate listener and presenting <paramref name="certificate"/>, or none when null) and
    /// returns the resulting SAMLResponse and claims, or the error page.
    /// </summary>
    public async Task<SignInResult> SignInAsync(X509Certificate2? certificate, string relyingPartyEntityId, string? userAgent = null)
    {
        using var client = CreateClient(certificate, userAgent);
        return await FollowToSignInResultAsync(client, new Uri(PublicUrl, "adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(relyingPartyEntityId)));
    }

    /// <summary>GETs <paramref name="url"/>, follows redirects (at most 10) and reads the page it ends on as a sign-in result.</summary>
    protected static async Task<SignInResult> FollowToSignInResultAsync(HttpClient client, Uri url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(url);
        for (var hops = 0; hops < 10 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; hops++)
        {
            url = new Uri(url, response.Headers.Location!);
            response.Dispose();
            response = await client.GetAsync(url);
        }

        using (response)
        {
            return SignInResultReader.Read(response.StatusCode, await response.Content.ReadAsStringAsync(), url);
        }
    }

    /// <summary>Stops the servers and deletes the temporary folder.</summary>
    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }

        if (_crls is not null)
        {
            await _crls.DisposeAsync();
            _crls = null;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var certificate in new[] { _untrustedCa, _tls, _tokenSigning, TokenSigningCertificate, TlsCertificate, Pki.RootCa, Pki.IssuingCa })
        {
            certificate.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
