using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.OAuth;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// The token service's refresh-token grant composed as the product composes it (<c>AddTokenServiceCore</c>), on the
/// real store: SQLite in a file in a temp folder (deleted at the end), schema created by the product's initializer,
/// SQLite settings as the product opens them (WAL, synchronous=NORMAL unless durable commits are asked for). The issuing CA is trusted with a CRL URL; its CRL (<see cref="CrlInputs"/>,
/// 100,000 entries, alice not on it) is answered by an in-memory HTTP handler (no network), downloaded once and cached
/// as in production. Each <see cref="RedeemAsync"/> redeems the current refresh token and keeps the rotated one.
/// </summary>
public sealed class RefreshRig : IDisposable
{
    private const string ClientId = "sample-app";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-bench-refresh-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;
    private readonly RefreshTokenGrant _grant;
    private readonly OAuthClient _client = new() { ClientId = ClientId, AllowedGrantTypes = [GrantTypes.RefreshToken] };
    private string _current = "";

    private static FixedTimeProvider Clock { get; } = new(Fixtures.Now.AddHours(1));

    /// <param name="durableCommits">SQLite <c>synchronous=FULL</c> (a disk sync per rotation) instead of the default NORMAL.</param>
    public RefreshRig(TokenSigningKey signingKey, CrlInputs crl, bool durableCommits = false)
    {
        Directory.CreateDirectory(_folder);
        var services = new ServiceCollection();
        services.AddLogging();
        // The clock of the generated inputs (the CRL is valid for a week from Fixtures.Now).
        services.AddSingleton<TimeProvider>(Clock);
        services.AddOptions<TokenServiceOptions>();
        services.AddSingleton(new TokenServiceKeys(signingKey, crl.Pki.IssuingCa, null));
        services.AddTokenServiceStorage(new StorageOptions { ConnectionString = "Data Source=" + Path.Combine(_folder, "bench.db"), SqliteDurableCommits = durableCommits }, _folder);
        TokenServiceExtensions.AddTokenServiceCore(services, new ConfigurationBuilder().Build().GetSection("Crl"));
        services.AddHttpClient(CrlOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new StaticCrlHandler(crl.Der));
        _services = services.BuildServiceProvider();
        _grant = _services.GetRequiredService<RefreshTokenGrant>();
        Alice = crl.Pki.IssueUser("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        SetUpAsync(crl.Pki).GetAwaiter().GetResult();
    }

    public X509Certificate2 Alice { get; }

    /// <summary>One redemption: known token, client, not used, expiry, user and sessions, CRL, rotation, new JWTs.</summary>
    public async Task<string> RedeemAsync()
    {
        var result = await _grant.RedeemAsync(new TokenRequest { GrantType = GrantTypes.RefreshToken, RefreshToken = _current }, _client, CancellationToken.None);
        var response = result is GrantResult.Issued issued
            ? issued.Response
            : throw new InvalidOperationException($"The redemption was refused: {((GrantResult.Refused)result).Error.Code}.");
        _current = response.RefreshToken!;
        return response.AccessToken;
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task SetUpAsync(TestPki pki)
    {
        await _services.GetRequiredService<StorageInitializer>().InitializeAsync();
        await _services.GetRequiredService<ITrustedAuthorityStore>().AddAsync(new TrustedAuthorityRecord
        {
            Id = "BENCHISSUINGCA01",
            AuthorityType = 1,
            Certificate = pki.IssuingCa.RawData,
            Thumbprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pki.IssuingCa.RawData)),
            Subject = pki.IssuingCa.Subject,
            CrlDistributionPoint = "http://crl.bench.invalid/issuing.crl",
        });

        var (user, _) = await _services.GetRequiredService<ITokenServiceUserRepository>().ProvisionAsync(new TokenServiceUser
        {
            FederationIssuer = Fixtures.EntityId,
            Subject = "alice-immutable-id",
            ObjectId = Guid.NewGuid().ToString(),
            Upn = "alice@contoso.com",
            Email = "alice@contoso.com",
            DisplayName = "Alice",
            ImmutableId = "alice-immutable-id",
        });
        var grant = new TokenGrant
        {
            GrantType = GrantTypes.AuthorizationCode,
            User = user,
            ClientId = ClientId,
            Scopes = ["openid", "profile"],
            AuthTime = Clock.GetUtcNow().AddMinutes(-1),
            FederationIssuer = Fixtures.EntityId,
            CertificateSerialNumber = Alice.SerialNumber,
            CertificateIssuer = Alice.Issuer,
            CertificateAuthorityKeyId = Convert.ToHexString(pki.IssuingCa.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.Span),
        };
        var (token, record) = _services.GetRequiredService<TokenIssuer>().NewRefreshToken(grant, null);
        await _services.GetRequiredService<IRefreshTokenRepository>().AddAsync(record);
        _current = token;

        // First redemption downloads and caches the CRL; it must succeed (alice is not revoked).
        await RedeemAsync();
    }

    /// <summary>Answers every request with the CRL bytes (the cache's only HTTP traffic).</summary>
    private sealed class StaticCrlHandler(byte[] der) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(der);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pkix-crl");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
