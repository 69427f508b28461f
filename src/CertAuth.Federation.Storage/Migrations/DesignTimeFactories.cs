using Microsoft.EntityFrameworkCore.Design;

namespace CertAuth.Federation.Storage.Migrations;

/// <summary>
/// For <c>dotnet ef migrations add</c> only (see docs/cli.md, "Database"): builds a role's context for the provider named by
/// the environment variable <c>CERTAUTH_EF_PROVIDER</c> (<c>Sqlite</c>, the default, or <c>PostgreSQL</c>). No database is opened.
/// </summary>
internal sealed class FederationDesignTimeFactory : IDesignTimeDbContextFactory<FederationDbContext>
{
    public FederationDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<FederationDbContext>(StoreRole.Federation));
}

/// <summary>As <see cref="FederationDesignTimeFactory"/>, for the token service's store.</summary>
internal sealed class TokenServiceDesignTimeFactory : IDesignTimeDbContextFactory<TokenServiceDbContext>
{
    public TokenServiceDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<TokenServiceDbContext>(StoreRole.TokenService));
}

internal static class DesignTime
{
    public static Microsoft.EntityFrameworkCore.DbContextOptions<TContext> Options<TContext>(StoreRole role)
        where TContext : Microsoft.EntityFrameworkCore.DbContext
    {
        var postgres = string.Equals(Environment.GetEnvironmentVariable("CERTAUTH_EF_PROVIDER"), "PostgreSQL", StringComparison.OrdinalIgnoreCase);
        var options = new StorageOptions
        {
            Provider = postgres ? StorageProvider.PostgreSQL : StorageProvider.Sqlite,
            ConnectionString = postgres ? "Host=127.0.0.1;Database=certauth_design" : "Data Source=design.db",
        };
        var builder = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<TContext>();
        StorageServiceCollectionExtensions.Configure(builder, options, role, options.ConnectionString);
        return builder.Options;
    }
}
