using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Storage.Tests;

/// <summary>
/// Issue 12, one store per role: no store type is registered in both roles' containers, no role's source names the
/// other's store, and the two stores work apart (a connection string each) as well as in one database.
/// </summary>
public sealed class RoleSeparationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-roles-" + Guid.NewGuid().ToString("N"));

    public RoleSeparationTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void NoStoreTypeIsRegisteredInBothRoles()
    {
        var options = new StorageOptions { ConnectionString = "Data Source=" + Path.Combine(_folder, "one.db") };
        var federation = StorageTypes(new ServiceCollection().AddFederationStorage(options, _folder));
        var tokenService = StorageTypes(new ServiceCollection().AddTokenServiceStorage(options, _folder));

        Assert.Contains(typeof(IUserStore), federation.Services);
        Assert.Contains(typeof(ITokenServiceUserStore), tokenService.Services);
        Assert.Contains(typeof(ITrustedAuthorityStore), tokenService.Services);
        Assert.Empty(federation.Implementations.Intersect(tokenService.Implementations));
        Assert.DoesNotContain(typeof(IDbContextFactory<TokenServiceDbContext>), federation.Services);
        Assert.DoesNotContain(typeof(IDbContextFactory<FederationDbContext>), tokenService.Services);
        Assert.DoesNotContain(typeof(ITokenServiceUserStore), federation.Services);
        Assert.DoesNotContain(typeof(IUserStore), tokenService.Services);
    }

    [Fact]
    public void NoRoleSourceNamesTheOtherRolesStore()
    {
        var root = RepositoryRoot();
        string[] tokenServiceOnly = ["TokenServiceDbContext", "AddTokenServiceStorage", "ITokenServiceUserStore", "IOAuthClientStore", "IFederationTrustStore", "IRefreshTokenStore", "IAuthorizationCodeStore", "IPendingAuthorizationStore", "IAssertionReplayStore"];
        string[] federationOnly = ["FederationDbContext", "AddFederationStorage", "IUserStore", "IRelyingPartyStore"];
        AssertNotMentioned(Path.Combine(root, "src", "CertAuth.Federation.Server"), tokenServiceOnly);
        AssertNotMentioned(Path.Combine(root, "src", "CertAuth.Federation.TokenService"), federationOnly);
    }

    [Fact]
    public async Task EachRoleWithItsOwnDatabase_HasOnlyItsOwnTables()
    {
        var options = new StorageOptions
        {
            ConnectionString = "Data Source=unused.db",
            FederationConnectionString = "Data Source=fs/federation.db",
            TokenServiceConnectionString = "Data Source=ts/tokenservice.db",
        };
        await using (var federation = new ServiceCollection().AddFederationStorage(options, _folder).BuildServiceProvider())
        {
            await federation.GetRequiredService<StorageInitializer>().InitializeAsync();
            await federation.GetRequiredService<ITrustedAuthorityStore>().AddAsync(new TrustedAuthorityRecord { Id = "ca1", Certificate = [1], Thumbprint = "AA", Subject = "CN=CA" });
        }

        await using (var tokenService = new ServiceCollection().AddTokenServiceStorage(options, _folder).BuildServiceProvider())
        {
            await tokenService.GetRequiredService<StorageInitializer>().InitializeAsync();
            Assert.Empty(await tokenService.GetRequiredService<ITrustedAuthorityStore>().ListAsync());
        }

        Assert.False(File.Exists(Path.Combine(_folder, "unused.db")));
        var fsTables = await TablesAsync(Path.Combine(_folder, "fs", "federation.db"));
        var tsTables = await TablesAsync(Path.Combine(_folder, "ts", "tokenservice.db"));
        Assert.Equal(["audit_log", "crl_refresh_requests", "crl_state", "data_protection_keys", "fs_request_id_replay", "fs_settings", "fs_token_signing_certificates", "relying_parties", "trusted_authorities", "users"], fsTables);
        Assert.Equal(
            ["authorization_codes", "federation_trusts", "oauth_clients", "pending_authorizations", "refresh_tokens", "saml_assertion_replay",
             "ts_audit_log", "ts_crl_refresh_requests", "ts_crl_state", "ts_data_protection_keys", "ts_signing_keys", "ts_trusted_authorities", "ts_users"],
            tsTables);
    }

    [Fact]
    public async Task BothRolesStartingAtOnceOnANewSharedDatabase_EachMigrateTheirOwnTables()
    {
        // The single-process development run: both roles start together against one SQLite file.
        var options = new StorageOptions { ConnectionString = "Data Source=" + Path.Combine(_folder, "together.db") };
        await using var federation = new ServiceCollection().AddFederationStorage(options, _folder).BuildServiceProvider();
        await using var tokenService = new ServiceCollection().AddTokenServiceStorage(options, _folder).BuildServiceProvider();

        await Task.WhenAll(
            Task.Run(() => federation.GetRequiredService<StorageInitializer>().InitializeAsync()),
            Task.Run(() => tokenService.GetRequiredService<StorageInitializer>().InitializeAsync()));

        Assert.Empty(await federation.GetRequiredService<IUserStore>().ListAsync());
        Assert.Empty(await tokenService.GetRequiredService<ITokenServiceUserStore>().ListAsync());
    }

    [Fact]
    public async Task SharedDatabaseOfAnEarlierVersion_GivesTheTokenServiceACopyOfTheTrustedCaList()
    {
        var options = new StorageOptions { ConnectionString = "Data Source=" + Path.Combine(_folder, "shared.db") };

        // Before issue 12 the token service's refresh check read "trusted_authorities", which the federation server keeps.
        await using (var federation = new ServiceCollection().AddFederationStorage(options, _folder).BuildServiceProvider())
        {
            await federation.GetRequiredService<StorageInitializer>().InitializeAsync();
            await federation.GetRequiredService<ITrustedAuthorityStore>().AddAsync(
                new TrustedAuthorityRecord { Id = "ca1", Certificate = [1, 2, 3], Thumbprint = "AA", Subject = "CN=Legacy CA", CrlDistributionPoint = "http://127.0.0.1/ca.crl" });
        }

        await using var tokenService = new ServiceCollection().AddTokenServiceStorage(options, _folder).BuildServiceProvider();
        await tokenService.GetRequiredService<StorageInitializer>().InitializeAsync();
        var copied = Assert.Single(await tokenService.GetRequiredService<ITrustedAuthorityStore>().ListAsync());
        Assert.Equal("CN=Legacy CA", copied.Subject);
        Assert.Equal("http://127.0.0.1/ca.crl", copied.CrlDistributionPoint);
        Assert.Equal([1, 2, 3], copied.Certificate);

        // Only once: a CA removed from the token service's list later is not copied back at the next start.
        await tokenService.GetRequiredService<ITrustedAuthorityStore>().RemoveAsync("ca1");
        await using var restarted = new ServiceCollection().AddTokenServiceStorage(options, _folder).BuildServiceProvider();
        await restarted.GetRequiredService<StorageInitializer>().InitializeAsync();
        Assert.Empty(await restarted.GetRequiredService<ITrustedAuthorityStore>().ListAsync());
    }

    private static (HashSet<Type> Services, HashSet<Type> Implementations) StorageTypes(IServiceCollection services)
    {
        var storage = typeof(StorageOptions).Assembly;
        var implementations = services
            .Select(d => d.IsKeyedService ? d.KeyedImplementationType : d.ImplementationType)
            .Where(t => t is not null && t.Assembly == storage)
            .Select(t => t!)
            .ToHashSet();
        return (services.Select(d => d.ServiceType).ToHashSet(), implementations);
    }

    private static async Task<List<string>> TablesAsync(string file)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + file + ";Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static void AssertNotMentioned(string folder, string[] names)
    {
        var offending = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(f => names.Where(n => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), $@"\b{n}\b")).Select(n => $"{Path.GetFileName(f)}: {n}"))
            .ToList();
        Assert.Empty(offending);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CertAuth.Federation.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CertAuth.Federation.sln not found above " + AppContext.BaseDirectory);
    }
}
