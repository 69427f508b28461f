using CertAuth.Federation.Storage.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.Storage;

/// <summary>
/// Registers one role's store (issue 12): <see cref="AddFederationStorage(IServiceCollection, IConfiguration, string)"/>
/// in the federation server, <see cref="AddTokenServiceStorage(IServiceCollection, IConfiguration, string)"/> in the token
/// service, never both in one role's container. The administration CLI, which manages both, uses
/// <see cref="AddAdministrationStorage(IServiceCollection, IConfiguration, string)"/>.
/// </summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The federation server's store, configured from the <c>Storage</c> section. <paramref name="contentRoot"/> anchors a relative SQLite path.</summary>
    public static IServiceCollection AddFederationStorage(this IServiceCollection services, IConfiguration configuration, string contentRoot) =>
        services.AddFederationStorage(Bind(configuration), contentRoot);

    /// <summary>The federation server's store for explicit <paramref name="options"/>.</summary>
    public static IServiceCollection AddFederationStorage(this IServiceCollection services, StorageOptions options, string contentRoot) =>
        AddRole<FederationDbContext>(services, StoreRole.Federation, options, contentRoot, keyedShared: false);

    /// <summary>The token service's store, configured from the <c>Storage</c> section.</summary>
    public static IServiceCollection AddTokenServiceStorage(this IServiceCollection services, IConfiguration configuration, string contentRoot) =>
        services.AddTokenServiceStorage(Bind(configuration), contentRoot);

    /// <summary>The token service's store for explicit <paramref name="options"/>.</summary>
    public static IServiceCollection AddTokenServiceStorage(this IServiceCollection services, StorageOptions options, string contentRoot) =>
        AddRole<TokenServiceDbContext>(services, StoreRole.TokenService, options, contentRoot, keyedShared: false);

    /// <summary>Both stores, for administration: the role-specific stores as usual, the kinds both roles have (trusted CAs, CRL state, CRL refresh requests, audit, initializer) keyed by <see cref="StoreRole"/>.</summary>
    public static IServiceCollection AddAdministrationStorage(this IServiceCollection services, IConfiguration configuration, string contentRoot) =>
        services.AddAdministrationStorage(Bind(configuration), contentRoot);

    /// <summary>Both stores for explicit <paramref name="options"/>; an unkeyed <see cref="StorageInitializer"/> initializes both.</summary>
    public static IServiceCollection AddAdministrationStorage(this IServiceCollection services, StorageOptions options, string contentRoot)
    {
        AddRole<FederationDbContext>(services, StoreRole.Federation, options, contentRoot, keyedShared: true);
        AddRole<TokenServiceDbContext>(services, StoreRole.TokenService, options, contentRoot, keyedShared: true);
        services.TryAddSingleton<StorageInitializer>(sp => new CompositeStorageInitializer(
            [sp.GetRequiredKeyedService<StorageInitializer>(StoreRole.Federation), sp.GetRequiredKeyedService<StorageInitializer>(StoreRole.TokenService)]));
        return services;
    }

    private static StorageOptions Bind(IConfiguration configuration)
    {
        var options = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(options);
        return options;
    }

    private static IServiceCollection AddRole<TContext>(IServiceCollection services, StoreRole role, StorageOptions options, string contentRoot, bool keyedShared)
        where TContext : RoleDbContext
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = ResolveConnectionString(options, role, contentRoot);
        services.AddPooledDbContextFactory<TContext>(builder => Configure(builder, options, role, connectionString));
        services.TryAddSingleton(TimeProvider.System);
        if (role == StoreRole.Federation)
        {
            services.TryAddSingleton<IRelyingPartyStore, RelyingPartyStore>();
            services.TryAddSingleton<IUserStore, UserStore>();
            services.TryAddSingleton<UserDirectoryChanges>();
            services.TryAddSingleton<RelyingPartyTrustChanges>();
            services.TryAddSingleton<ITokenSigningCertificateStore, TokenSigningCertificateStore>();
            services.TryAddSingleton<IRequestIdReplayStore, RequestIdReplayStore>();
            services.TryAddSingleton<IFederationSettingsStore, FederationSettingsStore>();
        }
        else
        {
            services.TryAddSingleton<IOAuthClientStore, OAuthClientStore>();
            services.TryAddSingleton<OAuthClientChanges>();
            services.TryAddSingleton<IFederationTrustStore, FederationTrustStore>();
            services.TryAddSingleton<ITokenServiceUserStore, TokenServiceUserStore>();
            services.TryAddSingleton<IRefreshTokenStore, RefreshTokenStore>();
            services.TryAddSingleton<IAuthorizationCodeStore, AuthorizationCodeStore>();
            services.TryAddSingleton<IPendingAuthorizationStore, PendingAuthorizationStore>();
            services.TryAddSingleton<IAssertionReplayStore, AssertionReplayStore>();
            services.TryAddSingleton<ISigningKeyStore, SigningKeyStore>();
        }

        if (keyedShared)
        {
            services.TryAddKeyedSingleton<ITrustedAuthorityStore, TrustedAuthorityStore<TContext>>(role);
            services.TryAddKeyedSingleton<IAuditLog, AuditLog<TContext>>(role);
            services.TryAddKeyedSingleton<ICrlStateRepository, CrlStateRepository<TContext>>(role);
            services.TryAddKeyedSingleton<ICrlRefreshRequestStore, CrlRefreshRequestStore<TContext>>(role);
            services.TryAddKeyedSingleton<StorageInitializer>(role, (sp, _) => new RoleStorageInitializer<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>(), options.MigrateAtStartup));
        }
        else
        {
            services.TryAddSingleton<ITrustedAuthorityStore, TrustedAuthorityStore<TContext>>();
            services.TryAddSingleton<IAuditLog, AuditLog<TContext>>();
            services.TryAddSingleton<ICrlStateRepository, CrlStateRepository<TContext>>();
            services.TryAddSingleton<ICrlRefreshRequestStore, CrlRefreshRequestStore<TContext>>();
            services.TryAddSingleton<StorageInitializer>(sp => new RoleStorageInitializer<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>(), options.MigrateAtStartup));
            services.TryAddSingleton<Resilience.StoreHealth, Resilience.RoleStoreHealth<TContext>>();
        }

        return services;
    }

    /// <summary>The migrations history table of <paramref name="role"/>'s store (each role its own, as both may share a database).</summary>
    public static string MigrationsHistoryTable(StoreRole role) =>
        role == StoreRole.Federation ? "__certauth_federation_migrations" : "__certauth_tokenservice_migrations";

    internal static void Configure(DbContextOptionsBuilder builder, StorageOptions options, StoreRole role, string connectionString)
    {
        var provider = options.Provider;
        var history = MigrationsHistoryTable(role);
        switch (provider)
        {
            case StorageProvider.Sqlite:
                builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable(history)).AddInterceptors(new SqliteConnectionSettings(options.SqliteDurableCommits));
                break;
            case StorageProvider.PostgreSQL:
                builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(history));
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider '{provider}' is not supported; use Sqlite or PostgreSQL.");
        }

        builder.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, Migrations.ProviderMigrationsAssembly>();
    }

    /// <summary>Makes a relative SQLite file path of <paramref name="role"/>'s connection string absolute against <paramref name="contentRoot"/>.</summary>
    public static string ResolveConnectionString(StorageOptions options, StoreRole role, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.ConnectionStringFor(role);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Storage:ConnectionString is empty.");
        }

        if (options.Provider != StorageProvider.Sqlite)
        {
            return connectionString;
        }

        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        return builder.ToString();
    }
}
