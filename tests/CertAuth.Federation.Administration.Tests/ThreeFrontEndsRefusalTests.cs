using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Cli;
using CertAuth.Federation.Server;
using CertAuth.Federation.Server.Configuration;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Storage;
using CertAuth.Federation.TokenService;
using CertAuth.Federation.TokenService.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>
/// One table of invalid inputs, each given to the three front ends — the admin HTTP API (real TLS, admin certificate),
/// the CLI (in process) and the seeder of appsettings.json — which must all refuse it with the same stable code.
/// </summary>
public sealed class ThreeFrontEndsRefusalTests(AdminFixture fixture) : IClassFixture<AdminFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly X509Certificate2 LeafCertificate = CertificateFactory.CreateUser(
        CertificateFactory.CreateRootCa("CN=Some Root", Now.AddDays(-1), Now.AddYears(1)),
        new UserCertificateOptions { Subject = "CN=Not A CA", NotBefore = Now.AddDays(-1), NotAfter = Now.AddYears(1) });

    private static readonly X509Certificate2 Sha1Ca = CertificateFactory.CreateRootCa("CN=Legacy SHA-1 Root", Now.AddDays(-1), Now.AddYears(1), hashAlgorithm: HashAlgorithmName.SHA1,
        signatureGenerator: key => new Sha1SignatureGenerator(key));
    private static readonly X509Certificate2 GoodCa = CertificateFactory.CreateRootCa("CN=Good Root", Now.AddDays(-1), Now.AddYears(1));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-admin-table", Guid.NewGuid().ToString("N"));

    public enum Kind
    {
        CaNotACa,
        CaSha1,
        CaBadCrlScheme,
        RpInsecureAcs,
        RpLongDisplayName,
        UserDuplicateImmutableId,
        ClientBadRedirect,
        TrustInsecureSso,
        ClientPostLogoutWithFragment,
        TrustInsecureMetadataUrl,
        TrustMetadataUrlWithUserInfo,
        TrustRelativeMetadataUrl,
    }

    public static TheoryData<Kind, string> Cases => new()
    {
        { Kind.CaNotACa, AdminCodes.NotACertificateAuthority },
        { Kind.CaSha1, AdminCodes.Sha1Signature },
        { Kind.CaBadCrlScheme, AdminCodes.CrlUrlScheme },
        { Kind.RpInsecureAcs, AdminCodes.InsecureUrl },
        { Kind.RpLongDisplayName, AdminCodes.TooLong },
        { Kind.UserDuplicateImmutableId, AdminCodes.Duplicate },
        { Kind.ClientBadRedirect, AdminCodes.InsecureUrl },
        { Kind.TrustInsecureSso, AdminCodes.InsecureUrl },
        { Kind.ClientPostLogoutWithFragment, AdminCodes.PostLogoutRedirectUri },
        { Kind.TrustInsecureMetadataUrl, AdminCodes.InsecureUrl },
        { Kind.TrustMetadataUrlWithUserInfo, AdminCodes.InvalidUrl },
        { Kind.TrustRelativeMetadataUrl, AdminCodes.InvalidUrl },
    };

    /// <summary>The metadata URLs of the three metadata-URL rows (issue 13 item 2: https, or http on loopback only).</summary>
    private static string MetadataUrlOf(Kind kind) => kind switch
    {
        Kind.TrustInsecureMetadataUrl => "http://idp.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml",
        Kind.TrustMetadataUrlWithUserInfo => "https://admin:secret@idp.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml",
        Kind.TrustRelativeMetadataUrl => "/FederationMetadata/2007-06/FederationMetadata.xml",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheApiTheCliAndTheSeederRefuseWithTheSameCode(Kind kind, string expected)
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "leaf.cer"), LeafCertificate.RawData);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "sha1.cer"), Sha1Ca.RawData);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "good.cer"), GoodCa.RawData);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "signing.cer"), fixture.TokenSigningCertificate.RawData);

        Assert.Equal(expected, await ApiAsync(kind));
        Assert.Equal(expected, await CliAsync(kind));
        Assert.Equal(expected, await SeederAsync(kind));
    }

    private async Task<string?> ApiAsync(Kind kind)
    {
        using var client = fixture.CreateClient(fixture.AdminCertificate);
        var unique = Guid.NewGuid().ToString("N");
        var (url, body, first) = kind switch
        {
            Kind.CaNotACa => (Fed("trusted-cas"), (object)new { certificate = Convert.ToBase64String(LeafCertificate.RawData), type = "root" }, (object?)null),
            Kind.CaSha1 => (Fed("trusted-cas"), new { certificate = Convert.ToBase64String(Sha1Ca.RawData), type = "root" }, null),
            Kind.CaBadCrlScheme => (Fed("trusted-cas"), new { certificate = Convert.ToBase64String(GoodCa.RawData), type = "root", crl = "ftp://pki.contoso.com/root.crl" }, null),
            Kind.RpInsecureAcs => (Fed("relying-parties"), new { entityId = $"urn:rp:{unique}", acs = new[] { "http://app.contoso.com/acs" } }, null),
            Kind.RpLongDisplayName => (Fed("relying-parties"), new { entityId = $"urn:rp:{unique}", acs = new[] { "https://app.contoso.com/acs" }, displayName = new string('x', 300) }, null),
            Kind.UserDuplicateImmutableId => (Fed("users"), new { upn = $"second-{unique}@contoso.com", immutableId = unique },
                new { upn = $"first-{unique}@contoso.com", immutableId = unique }),
            Kind.ClientBadRedirect => (Ts("clients"), new { clientId = $"app-{unique}", redirectUris = new[] { "http://evil.example/cb" } }, null),
            Kind.ClientPostLogoutWithFragment => (Ts("clients"), new
            {
                clientId = $"app-{unique}", redirectUris = new[] { "https://app.example/cb" }, postLogoutRedirectUris = new[] { "https://app.example/bye#x" },
            }, null),
            Kind.TrustInsecureSso => (Ts("federation-trusts"), new
            {
                entityId = $"urn:idp:{unique}", singleSignOnUrl = "http://idp.contoso.com/adfs/ls/",
                signingCertificates = new[] { Convert.ToBase64String(fixture.TokenSigningCertificate.RawData) },
            }, null),
            Kind.TrustInsecureMetadataUrl or Kind.TrustMetadataUrlWithUserInfo or Kind.TrustRelativeMetadataUrl => (Ts("federation-trusts"), new
            {
                entityId = $"urn:idp:{unique}", singleSignOnUrl = "https://idp.contoso.com/adfs/ls/",
                signingCertificates = new[] { Convert.ToBase64String(fixture.TokenSigningCertificate.RawData) }, metadataUrl = MetadataUrlOf(kind),
            }, null),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (first is not null)
        {
            using var created = await client.PostAsJsonAsync(url, first);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await client.PostAsJsonAsync(url, body);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"HTTP {(int)response.StatusCode}");
        return await AdminApiTests.CodeOf(response);
    }

    private async Task<string?> CliAsync(Kind kind)
    {
        var config = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(config, """{ "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=cli.db" } }""");
        if (kind == Kind.UserDuplicateImmutableId)
        {
            Assert.Equal(0, await RunCliAsync(config, ["user", "add", "first@contoso.com", "--immutable-id", "same-id"]).ContinueWith(t => t.Result.Exit));
        }

        string[] args = kind switch
        {
            Kind.CaNotACa => ["ca", "add", "--cert", "leaf.cer", "--type", "root", "--role", "federation"],
            Kind.CaSha1 => ["ca", "add", "--cert", "sha1.cer", "--type", "root", "--role", "federation"],
            Kind.CaBadCrlScheme => ["ca", "add", "--cert", "good.cer", "--type", "root", "--crl", "ftp://pki.contoso.com/root.crl"],
            Kind.RpInsecureAcs => ["rp", "add", "urn:rp:x", "--acs", "http://app.contoso.com/acs"],
            Kind.RpLongDisplayName => ["rp", "add", "urn:rp:x", "--acs", "https://app.contoso.com/acs", "--display-name", new string('x', 300)],
            Kind.UserDuplicateImmutableId => ["user", "add", "second@contoso.com", "--immutable-id", "same-id"],
            Kind.ClientBadRedirect => ["client", "add", "app", "--redirect-uri", "http://evil.example/cb"],
            Kind.ClientPostLogoutWithFragment => ["client", "add", "app", "--redirect-uri", "https://app.example/cb", "--post-logout-redirect-uri", "https://app.example/bye#x"],
            Kind.TrustInsecureSso => ["federation", "add", "urn:idp:x", "--sso", "http://idp.contoso.com/adfs/ls/", "--signing-cert", "signing.cer"],
            Kind.TrustInsecureMetadataUrl or Kind.TrustMetadataUrlWithUserInfo or Kind.TrustRelativeMetadataUrl =>
                ["federation", "add", "urn:idp:x", "--sso", "https://idp.contoso.com/adfs/ls/", "--signing-cert", "signing.cer", "--metadata-url", MetadataUrlOf(kind)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var (exit, code, error) = await RunCliAsync(config, args);
        Assert.True(exit == CliApplication.Refused, $"exit {exit}: {error}");
        return code;
    }

    private async Task<(int Exit, string? Code, string Error)> RunCliAsync(string config, string[] args)
    {
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Output = new StringWriter(),
            Error = error,
            CurrentDirectory = _folder,
            GetEnvironmentVariable = _ => null,
            DefaultActor = "tester@testhost",
        };
        var exit = await CliApplication.RunAsync(["--config", config, .. args], environment, CancellationToken.None);
        return (exit, environment.LastRefusalCode, error.ToString());
    }

    private async Task<string?> SeederAsync(Kind kind)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var tokenService = kind is Kind.ClientBadRedirect or Kind.TrustInsecureSso or Kind.ClientPostLogoutWithFragment
            or Kind.TrustInsecureMetadataUrl or Kind.TrustMetadataUrlWithUserInfo or Kind.TrustRelativeMetadataUrl;
        switch (kind)
        {
            case Kind.CaNotACa:
                settings["Federation:TrustedCertificateAuthorities:0:Certificate"] = "leaf.cer";
                break;
            case Kind.CaSha1:
                settings["Federation:TrustedCertificateAuthorities:0:Certificate"] = "sha1.cer";
                break;
            case Kind.CaBadCrlScheme:
                settings["Federation:TrustedCertificateAuthorities:0:Certificate"] = "good.cer";
                settings["Federation:TrustedCertificateAuthorities:0:CrlDistributionPoint"] = "ftp://pki.contoso.com/root.crl";
                break;
            case Kind.RpInsecureAcs:
                settings["Federation:RelyingParties:0:EntityId"] = "urn:rp:x";
                settings["Federation:RelyingParties:0:AssertionConsumerServiceUrls:0"] = "http://app.contoso.com/acs";
                break;
            case Kind.RpLongDisplayName:
                settings["Federation:RelyingParties:0:EntityId"] = "urn:rp:x";
                settings["Federation:RelyingParties:0:AssertionConsumerServiceUrls:0"] = "https://app.contoso.com/acs";
                settings["Federation:RelyingParties:0:DisplayName"] = new string('x', 300);
                break;
            case Kind.UserDuplicateImmutableId:
                settings["Federation:Users:0:Upn"] = "first@contoso.com";
                settings["Federation:Users:0:ImmutableId"] = "same-id";
                settings["Federation:Users:1:Upn"] = "second@contoso.com";
                settings["Federation:Users:1:ImmutableId"] = "same-id";
                break;
            case Kind.ClientBadRedirect:
                settings["TokenService:Clients:0:ClientId"] = "app";
                settings["TokenService:Clients:0:RedirectUris:0"] = "http://evil.example/cb";
                break;
            case Kind.ClientPostLogoutWithFragment:
                settings["TokenService:Clients:0:ClientId"] = "app";
                settings["TokenService:Clients:0:RedirectUris:0"] = "https://app.example/cb";
                settings["TokenService:Clients:0:PostLogoutRedirectUris:0"] = "https://app.example/bye#x";
                break;
            case Kind.TrustInsecureSso:
                settings["TokenService:FederationServers:0:EntityId"] = "urn:idp:x";
                settings["TokenService:FederationServers:0:SingleSignOnUrl"] = "http://idp.contoso.com/adfs/ls/";
                settings["TokenService:FederationServers:0:SigningCertificates:0"] = "signing.cer";
                break;
            case Kind.TrustInsecureMetadataUrl or Kind.TrustMetadataUrlWithUserInfo or Kind.TrustRelativeMetadataUrl:
                settings["TokenService:FederationServers:0:EntityId"] = "urn:idp:x";
                settings["TokenService:FederationServers:0:SingleSignOnUrl"] = "https://idp.contoso.com/adfs/ls/";
                settings["TokenService:FederationServers:0:SigningCertificates:0"] = "signing.cer";
                settings["TokenService:FederationServers:0:MetadataUrl"] = MetadataUrlOf(kind);
                break;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        var storage = new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_folder, $"seed-{Guid.NewGuid():N}.db")}" };
        if (tokenService)
        {
            var options = new TokenServiceOptions();
            configuration.GetSection("TokenService").Bind(options);
            services.AddTokenServiceStorage(storage, _folder);
            services.AddRoleAdministration(StoreRole.TokenService);
            services.AddSingleton(Options.Create(options));
            services.AddSingleton(new TokenServiceContentRoot(_folder));
            services.AddSingleton<TokenServiceSeeder>();
        }
        else
        {
            var options = new FederationServerOptions();
            configuration.GetSection("Federation").Bind(options);
            services.AddFederationStorage(storage, _folder);
            services.AddRoleAdministration(StoreRole.Federation);
            services.AddSingleton(Options.Create(options));
            services.AddSingleton(new ContentRoot(_folder));
            services.AddSingleton<ConfigurationSeeder>();
        }

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().InitializeAsync(CancellationToken.None);
        var refusal = await Assert.ThrowsAsync<SeedingRefusedException>(() => tokenService
            ? provider.GetRequiredService<TokenServiceSeeder>().SeedAsync(CancellationToken.None)
            : provider.GetRequiredService<ConfigurationSeeder>().SeedAsync(CancellationToken.None));
        return refusal.Error.Code;
    }

    private Uri Fed(string path) => new(fixture.FederationAdminUrl, "admin/" + path);

    private Uri Ts(string path) => new(fixture.TokenServiceAdminUrl, "admin/" + path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
