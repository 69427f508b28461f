using System.Data.Common;
using CertAuth.Federation.Storage.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Storage.Tests;

/// <summary>
/// Issue 12, item 3: the migrations upgrade a database created by main before issue 12 (Fixtures/main-d7a87b1.*.sql:
/// its EnsureCreated schema and representative rows of every table) without losing a row, on each provider; a new
/// database gets the same schema from the migrations alone, and the model has no change the migrations lack.
/// </summary>
public abstract class MigrationUpgradeTests : IAsyncLifetime
{
    /// <summary>Rows the fixture holds per table (also what main's schema had; ts_ tables did not exist).</summary>
    private static readonly Dictionary<string, long> FixtureRows = new(StringComparer.Ordinal)
    {
        ["relying_parties"] = 1, ["users"] = 2, ["trusted_authorities"] = 2, ["crl_state"] = 2, ["audit_log"] = 2,
        ["crl_refresh_requests"] = 1, ["oauth_clients"] = 1, ["federation_trusts"] = 1, ["ts_users"] = 2,
        ["refresh_tokens"] = 3, ["authorization_codes"] = 1, ["pending_authorizations"] = 1, ["saml_assertion_replay"] = 1,
    };

    protected readonly string _folder = Path.Combine(Path.GetTempPath(), "certauth-migrate-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;

    protected abstract StorageOptions Options { get; }

    protected abstract string FixtureFile { get; }

    protected abstract DbConnection OpenConnection();

    protected abstract Task CreateDatabaseAsync();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await using (var db = await _services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync())
            {
                await db.Database.EnsureDeletedAsync();
            }

            await _services.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task DatabaseOfMain_IsUpgraded_EveryRowKept_TokenServiceGetsItsOwnCaList()
    {
        await ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureFile)));
        foreach (var (table, rows) in FixtureRows)
        {
            Assert.Equal(rows, await CountAsync(table));
        }

        _services = Build();
        await _services.GetRequiredService<StorageInitializer>().InitializeAsync();

        foreach (var (table, rows) in FixtureRows)
        {
            Assert.True(rows == await CountAsync(table), $"{table}: {rows} rows before the upgrade, {await CountAsync(table)} after");
        }

        Assert.Equal(2, await CountAsync("ts_trusted_authorities"));
        // Baseline, OwnTrustedCaList, WsFed_FederationTrustProtocol (issue 14), Farm_KeyMaterial (issue 13),
        // Rollover_FederationTrustMetadataUrl (issue 13), Oidc_PostLogoutRedirectUris (issue 14), Cleanup_LogoutIndexes (issue 14).
        Assert.Equal(7, await CountAsync("__certauth_tokenservice_migrations"));
        Assert.True(await IndexExistsAsync("IX_refresh_tokens_FederationIssuer_FederationNameId"));
        Assert.True(await IndexExistsAsync("IX_refresh_tokens_AuthorizationCodeHash"));
        // Baseline, WsFed_RelyingPartyProtocol (issue 14), Farm_DataProtectionKeys (issue 13), Rollover_TokenSigningCertificates
        // (issue 13), Slo_RelyingPartyLogout (issue 14), Replay_RequestIds (issue 13).
        Assert.Equal(7, await CountAsync("__certauth_federation_migrations"));

        // The rows read back through the stores, every column the fixture set.
        var family = new[] { "rt-hash-1", "rt-hash-2", "rt-hash-3" };
        var tokens = new List<Entities.RefreshTokenRecord>();
        foreach (var hash in family)
        {
            tokens.Add((await _services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(hash))!);
        }

        Assert.All(tokens, t => Assert.Equal("family-1", t.FamilyId));
        Assert.Null(tokens[0].ParentId);
        Assert.Equal(tokens[0].Id, tokens[1].ParentId);
        Assert.Equal(tokens[1].Id, tokens[2].ParentId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 2, 0, TimeSpan.Zero), tokens[0].UsedAt);
        Assert.Equal("reuse", tokens[2].RevocationReason);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 4, 0, TimeSpan.Zero), tokens[2].RevokedAt);
        Assert.Equal("AABB", tokens[2].CertificateAuthorityKeyId);
        var tsUser = (await _services.GetRequiredService<ITokenServiceUserStore>().FindAsync(tokens[0].TokenServiceUserId!.Value))!;
        Assert.Equal("immutableid:alice-immutable", tsUser.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero), tsUser.StsRefreshTokensValidFrom);
        Assert.Equal(2, (await _services.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("alice@contoso.com")).Count);
        Assert.False((await _services.GetRequiredService<IUserStore>().FindByUpnAsync("bob@contoso.com"))!.Enabled);
        var upgradedRp = (await _services.GetRequiredService<IRelyingPartyStore>().FindByEntityIdAsync("https://app.contoso.test/"))!;
        Assert.Null(upgradedRp.SingleLogoutServiceUrl);
        Assert.Equal(["https://app.contoso.test/acs", "https://app.contoso.test/acs2"], upgradedRp.AssertionConsumerServiceUrls);

        // WsFed_* migrations: an existing trust keeps speaking SAML 2.0 (column defaults), on both roles.
        Assert.Equal(("Saml2", "Saml11"), (upgradedRp.Protocol, upgradedRp.TokenType));
        Assert.All(await _services.GetRequiredService<IFederationTrustStore>().ListAsync(), t => Assert.Equal("Saml2", t.Protocol));
        Assert.Equal(["openid", "offline_access"], (await _services.GetRequiredService<IOAuthClientStore>().FindAsync("web-app"))!.AllowedScopes);
        var federationCa = (await _services.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.Federation).FindAsync("0123456789ABCDEF"))!;
        var tokenServiceCa = (await _services.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.TokenService).FindAsync("0123456789ABCDEF"))!;
        Assert.Equal(federationCa.Certificate, tokenServiceCa.Certificate);
        Assert.Equal(3600, tokenServiceCa.CrlGracePeriodSeconds);
        Assert.Equal("12", (await _services.GetRequiredKeyedService<ICrlStateRepository>(StoreRole.Federation).GetAsync("0123456789ABCDEF"))!.LastCrlNumber);
        Assert.Equal(2, (await _services.GetRequiredKeyedService<IAuditLog>(StoreRole.Federation).ListAsync()).Count);

        // A second start finds nothing to do.
        await using var again = Build();
        Assert.Empty(await again.GetRequiredService<StorageInitializer>().MigrateAsync());
    }

    [Fact]
    public async Task NewDatabase_GetsTheSchemaFromTheMigrations_AndTheModelHasNoUnmigratedChange()
    {
        _services = Build();
        await _services.GetRequiredService<StorageInitializer>().InitializeAsync();

        await using var federation = await _services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync();
        await using var tokenService = await _services.GetRequiredService<IDbContextFactory<TokenServiceDbContext>>().CreateDbContextAsync();
        Assert.False(federation.Database.HasPendingModelChanges());
        Assert.False(tokenService.Database.HasPendingModelChanges());
        Assert.Empty(await federation.Database.GetPendingMigrationsAsync());
        Assert.Empty(await tokenService.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await CountAsync("ts_trusted_authorities"));
    }

    [Fact]
    public async Task MigrateAtStartupOff_RefusesAPendingStore_UntilMigrated()
    {
        var options = Options;
        options.MigrateAtStartup = false;
        _services = Build(options);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _services.GetRequiredService<StorageInitializer>().InitializeAsync());
        Assert.Contains("certauth db migrate", refused.Message, StringComparison.Ordinal);

        Assert.NotEmpty(await _services.GetRequiredKeyedService<StorageInitializer>(StoreRole.TokenService).MigrateAsync());
        Assert.NotEmpty(await _services.GetRequiredKeyedService<StorageInitializer>(StoreRole.Federation).MigrateAsync());
        await _services.GetRequiredService<StorageInitializer>().InitializeAsync();
    }

    private ServiceProvider Build(StorageOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddAdministrationStorage(options ?? Options, _folder);
        return services.BuildServiceProvider();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Whether the index exists (SQLite's catalogue or PostgreSQL's), by its exact name.</summary>
    private async Task<bool> IndexExistsAsync(string name)
    {
        await using var connection = OpenConnection();
        await using var command = connection.CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "name";
        parameter.Value = name;
        command.Parameters.Add(parameter);
        command.CommandText = Options.Provider == StorageProvider.PostgreSQL
            ? "SELECT count(*) FROM pg_indexes WHERE indexname = @name"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = @name";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The upgrade on SQLite (one file holding both roles' tables, as main had it).</summary>
public sealed class SqliteMigrationUpgradeTests : MigrationUpgradeTests
{
    private string File => Path.Combine(_folder, "certauth.db");

    protected override StorageOptions Options => new() { ConnectionString = "Data Source=" + File };

    protected override string FixtureFile => "main-d7a87b1.sqlite.sql";

    protected override DbConnection OpenConnection()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + File + ";Pooling=False");
        connection.Open();
        return connection;
    }

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;
}

/// <summary>The upgrade on PostgreSQL, in a database of its own (<c>CERTAUTH_TEST_POSTGRES</c>, as <see cref="PostgreSqlStoreTests"/>).</summary>
public sealed class PostgreSqlMigrationUpgradeTests : MigrationUpgradeTests
{
    private readonly string _server = Environment.GetEnvironmentVariable("CERTAUTH_TEST_POSTGRES")
        ?? throw new InvalidOperationException("CERTAUTH_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL for the tests.");

    private readonly string _database = "certauth_mig_" + Guid.NewGuid().ToString("N")[..12];

    private string ConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(_server) { Database = _database, Pooling = false }.ConnectionString;

    protected override StorageOptions Options => new() { Provider = StorageProvider.PostgreSQL, ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString };

    protected override string FixtureFile => "main-d7a87b1.postgresql.sql";

    protected override DbConnection OpenConnection()
    {
        var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    protected override async Task CreateDatabaseAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{_database}\"";
        await command.ExecuteNonQueryAsync();
    }
}
