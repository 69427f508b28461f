using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void RepositoryAppSettings_TokenServiceSection_IsValid_WithTheDevelopmentDefaults()
    {
        var file = FindUp("appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
        var options = new TokenServiceOptions();
        configuration.GetSection(TokenServiceOptions.SectionName).Bind(options);

        Assert.True(new TokenServiceOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("https://localhost:44301/", options.ResolvedEntityId);
        Assert.Equal("https://localhost:44301/saml2/acs", options.ResolvedAcsUrl);
        Assert.Equal("https://localhost:44301/oauth2/token", options.TokenEndpoint);
        Assert.Equal("https://localhost:44300/adfs/services/trust", Assert.Single(options.FederationServers).EntityId);
        Assert.Equal("sample-app", Assert.Single(options.Clients).ClientId);
    }

    [Fact]
    public void Validator_NamesTheConfigurationKeys()
    {
        var options = new TokenServiceOptions
        {
            PublicUrl = new Uri("http://insecure.test"),
            RefreshTokenSlidingLifetime = TimeSpan.FromDays(100),
            Clients = [new ClientConfiguration { ClientId = "c", Public = false, RedirectUris = ["http://example.test/cb"] }],
        };
        var result = new TokenServiceOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("TokenService:PublicUrl", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TokenService:RefreshTokenSlidingLifetime", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TokenService:Clients:0:SecretHash", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TokenService:Clients:0:RedirectUris", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExistingDatabase_GetsTheTokenServiceTables_AndReplayCacheIsSharedAcrossInstances()
    {
        var folder = Path.Combine(Path.GetTempPath(), "certauth-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // A database created before the token-service tables existed.
            var path = Path.Combine(folder, "old.db");
            await using (var connection = new SqliteConnection("Data Source=" + path))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE users (Id INTEGER PRIMARY KEY, Upn TEXT NOT NULL, Email TEXT NULL, DisplayName TEXT NULL, ImmutableId TEXT NOT NULL, Enabled INTEGER NOT NULL, StsRefreshTokensValidFrom INTEGER NULL, Source INTEGER NOT NULL, CreatedAt INTEGER NOT NULL, UpdatedAt INTEGER NOT NULL);";
                await command.ExecuteNonQueryAsync();
            }

            await using var first = Provider(folder);
            await using var second = Provider(folder);
            await first.GetRequiredService<StorageInitializer>().InitializeAsync();
            await second.GetRequiredService<StorageInitializer>().InitializeAsync();

            var expires = DateTimeOffset.UtcNow.AddMinutes(5);
            Assert.True(first.GetRequiredService<IAssertionReplayStore>().TryAdd("_a1", expires));
            Assert.False(second.GetRequiredService<IAssertionReplayStore>().TryAdd("_a1", expires));
            Assert.Empty(await second.GetRequiredService<IOAuthClientStore>().ListAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ServiceProvider Provider(string folder)
    {
        var services = new ServiceCollection();
        services.AddTokenServiceStorage(new StorageOptions { ConnectionString = "Data Source=old.db" }, folder);
        return services.BuildServiceProvider();
    }

    private static string FindUp(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "CertAuth.Federation.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(name);
    }
}
