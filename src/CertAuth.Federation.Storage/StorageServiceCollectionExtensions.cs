using CertAuth.Federation.Storage.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.Storage;

/// <summary>Registers the database and the stores.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CertAuthDbContext"/> (as a pooled factory) and the stores, configured from the
    /// <c>Storage</c> section. <paramref name="contentRoot"/> anchors a relative SQLite path.
    /// </summary>
    public static IServiceCollection AddCertAuthStorage(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(options);
        return services.AddCertAuthStorage(options, contentRoot);
    }

    /// <summary>Adds the database and the stores for explicit <paramref name="options"/>.</summary>
    public static IServiceCollection AddCertAuthStorage(this IServiceCollection services, StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = ResolveConnectionString(options, contentRoot);
        services.AddPooledDbContextFactory<CertAuthDbContext>(builder => Configure(builder, options, connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRelyingPartyStore, RelyingPartyStore>();
        services.TryAddSingleton<IUserStore, UserStore>();
        services.TryAddSingleton<ITrustedAuthorityStore, TrustedAuthorityStore>();
        services.TryAddSingleton<IAuditLog, AuditLog>();
        services.TryAddSingleton<ICrlStateRepository, CrlStateRepository>();
        services.TryAddSingleton<IOAuthClientStore, OAuthClientStore>();
        services.TryAddSingleton<IFederationTrustStore, FederationTrustStore>();
        services.TryAddSingleton<ITokenServiceUserStore, TokenServiceUserStore>();
        services.TryAddSingleton<IRefreshTokenStore, RefreshTokenStore>();
        services.TryAddSingleton<IAuthorizationCodeStore, AuthorizationCodeStore>();
        services.TryAddSingleton<IPendingAuthorizationStore, PendingAuthorizationStore>();
        services.TryAddSingleton<IAssertionReplayStore, AssertionReplayStore>();
        services.TryAddSingleton<ICrlRefreshRequestStore, CrlRefreshRequestStore>();
        services.TryAddSingleton<StorageInitializer>();
        return services;
    }

    internal static void Configure(DbContextOptionsBuilder builder, StorageOptions options, string connectionString)
    {
        var provider = options.Provider;
        switch (provider)
        {
            case StorageProvider.Sqlite:
                builder.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionSettings(options.SqliteDurableCommits));
                break;
            case StorageProvider.PostgreSQL:
                builder.UseNpgsql(connectionString);
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider '{provider}' is not supported; use Sqlite or PostgreSQL.");
        }
    }

    /// <summary>Makes a relative SQLite file path absolute against <paramref name="contentRoot"/>.</summary>
    public static string ResolveConnectionString(StorageOptions options, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Storage:ConnectionString is empty.");
        }

        if (options.Provider != StorageProvider.Sqlite)
        {
            return options.ConnectionString;
        }

        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        return builder.ToString();
    }
}
