using CertAuth.Federation.Administration.Audit;
using CertAuth.Federation.Administration.Clients;
using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.Administration.Keys;
using CertAuth.Federation.Administration.RelyingParties;
using CertAuth.Federation.Administration.Themes;
using CertAuth.Federation.Administration.TrustedAuthorities;
using CertAuth.Federation.Administration.Users;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.Administration;

/// <summary>
/// Registers the managers: <see cref="AddAdministration"/> over both roles' stores (the CLI, after
/// <c>AddAdministrationStorage</c>), <see cref="AddRoleAdministration"/> over one running role's store.
/// A manager whose store is not registered (e.g. relying parties in the token service) is not registered either.
/// </summary>
public static class AdministrationServiceCollectionExtensions
{
    /// <summary>The managers over both roles' stores (registered by <c>AddAdministrationStorage</c>).</summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services, Action<AdministrationOptions>? configure = null)
    {
        services.TryAddSingleton<IAdminRoleStores>(sp => new KeyedAdminRoleStores(sp));
        return AddManagers(services, configure, federation: true, tokenService: true);
    }

    /// <summary>The managers over <paramref name="role"/>'s store (registered by <c>AddFederationStorage</c> or <c>AddTokenServiceStorage</c>).</summary>
    public static IServiceCollection AddRoleAdministration(this IServiceCollection services, StoreRole role, Action<AdministrationOptions>? configure = null)
    {
        services.TryAddSingleton<IAdminRoleStores>(sp => new SingleRoleAdminStores(
            role,
            sp.GetRequiredService<ITrustedAuthorityStore>(),
            sp.GetRequiredService<ICrlStateRepository>(),
            sp.GetRequiredService<ICrlRefreshRequestStore>(),
            sp.GetRequiredService<IAuditLog>()));
        return AddManagers(services, configure, federation: role == StoreRole.Federation, tokenService: role == StoreRole.TokenService);
    }

    private static IServiceCollection AddManagers(IServiceCollection services, Action<AdministrationOptions>? configure, bool federation, bool tokenService)
    {
        var options = new AdministrationOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CertificateAuthorityInspector>();
        services.TryAddSingleton<TrustedAuthorityManager>();
        services.TryAddSingleton<AuditQuery>();
        services.TryAddSingleton<ThemeManager>();
        services.TryAddSingleton(sp => new UserManager(
            sp.GetRequiredService<IAdminRoleStores>(),
            sp.GetRequiredService<TimeProvider>(),
            federation ? sp.GetRequiredService<IUserStore>() : null,
            tokenService ? sp.GetRequiredService<ITokenServiceUserStore>() : null));
        if (federation)
        {
            services.TryAddSingleton<RelyingPartyManager>();
            services.TryAddSingleton<Keys.TokenSigningCertificateManager>();
        }

        if (tokenService)
        {
            services.TryAddSingleton<OAuthClientManager>();
            services.TryAddSingleton<FederationTrustManager>();
            services.TryAddSingleton<FederationTrustMetadataManager>();
            services.TryAddSingleton<SigningKeyManager>();
        }

        return services;
    }
}
