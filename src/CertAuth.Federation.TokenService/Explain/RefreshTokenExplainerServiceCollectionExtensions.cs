using CertAuth.Federation.Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.TokenService.Explain;

/// <summary>Registers the <see cref="RefreshTokenExplainer"/>, in the token service and in tools.</summary>
public static class RefreshTokenExplainerServiceCollectionExtensions
{
    /// <summary>
    /// Everything a tool needs to explain refresh tokens against the token service's store (configured from the
    /// <c>Storage</c> section and <c>TokenService:Crl</c>, relative paths against <paramref name="contentRoot"/>): its
    /// store, its own trusted-CA list, CRLs downloaded as the token service downloads them and checked against the CRL
    /// numbers it persisted, without writing its CRL state. Register a <see cref="TimeProvider"/> first to choose the clock.
    /// </summary>
    public static IServiceCollection AddStandaloneRefreshTokenExplainer(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddLogging();
        services.AddTokenServiceStorage(configuration, contentRoot);
        var crl = configuration.GetSection(TokenServiceOptions.SectionName).GetSection("Crl");
        services.AddCertificateValidation(b => b.ConfigureCrl(o => crl.Bind(o)));
        services.AddOptions<CrlOptions>().PostConfigure(o => o.ArchiveDirectory = null); // a tool never writes the service's archive
        services.Replace(ServiceDescriptor.Singleton<ITrustedAuthoritySource, StoreTrustedAuthoritySource>());
        services.Replace(ServiceDescriptor.Singleton<ICrlStateStore>(sp => new ReadOnlyCrlStateStore(new StoreCrlStateStore(sp.GetRequiredService<ICrlStateRepository>()))));
        services.AddTokenServiceRepositories();
        services.TryAddSingleton<UserSessionRules>();
        services.TryAddSingleton<CertificateRevocationPolicy>();
        return services.AddRefreshTokenExplainer();
    }

    /// <summary>The explainer over the container's token-service store, session rules, revocation policy and CRL cache.</summary>
    internal static IServiceCollection AddRefreshTokenExplainer(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new RefreshTokenExplainer(
            sp.GetRequiredService<IRefreshTokenRepository>(),
            sp.GetRequiredService<IOAuthClientRepository>(),
            sp.GetRequiredService<ITokenServiceUserRepository>(),
            sp.GetRequiredService<UserSessionRules>(),
            sp.GetRequiredService<CertificateRevocationPolicy>(),
            sp.GetRequiredService<ICrlCache>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
