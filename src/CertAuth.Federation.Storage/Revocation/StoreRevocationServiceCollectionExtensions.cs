using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Storage.Revocation;

/// <summary>Puts the certificate library's trusted-CA source and CRL bookkeeping on the shared store.</summary>
public static class StoreRevocationServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the in-memory <see cref="ITrustedAuthoritySource"/> and <see cref="ICrlStateStore"/> with store-backed
    /// ones and runs a <see cref="CrlRefreshRequestWatcher"/> polling every <paramref name="pollInterval"/>. Call after
    /// <c>AddCertificateValidation()</c> and the role's storage (<c>AddFederationStorage()</c> or <c>AddTokenServiceStorage()</c>).
    /// </summary>
    public static IServiceCollection AddStoreBackedRevocation(this IServiceCollection services, TimeSpan pollInterval) =>
        services.AddStoreBackedRevocation(_ => pollInterval);

    /// <summary>As above, with the poll interval read from the container (e.g. from bound options).</summary>
    public static IServiceCollection AddStoreBackedRevocation(this IServiceCollection services, Func<IServiceProvider, TimeSpan> pollInterval)
    {
        services.Replace(ServiceDescriptor.Singleton<ITrustedAuthoritySource, StoreTrustedAuthoritySource>());
        services.Replace(ServiceDescriptor.Singleton<ICrlStateStore, StoreCrlStateStore>());
        services.TryAddSingleton(sp => new CrlRefreshRequestWatcher(
            sp.GetRequiredService<ICrlRefreshRequestStore>(),
            sp.GetRequiredService<ITrustedAuthoritySource>(),
            sp.GetRequiredService<ICrlCache>(),
            pollInterval(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CrlRefreshRequestWatcher>>(),
            sp.GetService<StorageInitializer>()));
        services.AddHostedService(sp => sp.GetRequiredService<CrlRefreshRequestWatcher>());
        return services;
    }
}
