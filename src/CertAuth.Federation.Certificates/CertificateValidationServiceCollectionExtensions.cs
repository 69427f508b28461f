using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Claims;
using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates;

/// <summary>Registers the certificate library.</summary>
public static class CertificateValidationServiceCollectionExtensions
{
    /// <summary>
    /// Registers validation, mapping, claims, CRL download/cache/checking and the CA inspector as singletons, with
    /// in-memory <see cref="ITrustedAuthoritySource"/> and <see cref="ICrlStateStore"/> defaults (register your own
    /// before or after to replace them), <see cref="TimeProvider.System"/> unless a TimeProvider is registered, and
    /// the named HTTP client <see cref="CrlOptions.HttpClientName"/> (no redirects; timeouts enforced per download).
    /// Options are validated at start-up.
    /// </summary>
    public static IServiceCollection AddCertificateValidation(this IServiceCollection services, Action<CertificateValidationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<ClientCertificateValidationOptions>()
            .Validate(o => o.MinimumRsaKeySize >= 1024, "ClientCertificates:MinimumRsaKeySize must be at least 1024.")
            .Validate(o => o.MinimumEcKeySize >= 160, "ClientCertificates:MinimumEcKeySize must be at least 160.")
            .Validate(o => o.ChainCacheSize >= 0, "ClientCertificates:ChainCacheSize must not be negative.")
            .ValidateOnStart();
        services.AddOptions<CertificateMappingOptions>()
            .Validate(o => o.Order is { Count: > 0 } && o.Order.All(Enum.IsDefined), "CertificateMapping:Order must list at least one valid source.")
            .ValidateOnStart();
        services.AddOptions<CrlOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrlOptions>, CrlOptionsValidator>());

        services.AddHttpClient(CrlOptions.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        services.TryAddSingleton<ITrustedAuthoritySource, InMemoryTrustedAuthoritySource>();
        services.TryAddSingleton<ICrlStateStore, InMemoryCrlStateStore>();
        services.TryAddSingleton<CrlDownloader>();
        services.TryAddSingleton<CrlArchive>();
        services.TryAddSingleton<ICrlCache, CrlCache>();
        services.TryAddSingleton<IRevocationChecker, RevocationChecker>();
        services.TryAddSingleton<CrlPreloader>();
        services.TryAddSingleton<IClientCertificateValidator, ClientCertificateValidator>();
        services.TryAddSingleton<CertificateUserMapper>();
        services.TryAddSingleton<CertificateClaimsBuilder>();
        services.TryAddSingleton<CertificateAuthorityInspector>();
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.CrlMetrics>();

        configure?.Invoke(new CertificateValidationBuilder(services));
        return services;
    }
}
