using CertAuth.Federation.Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.Server.Explain;

/// <summary>
/// The certificate sign-in engine's registration, one for the federation server and for tools that explain a
/// certificate outside it (the <c>certauth cert explain</c> CLI verb), so both bind the same options the same way.
/// </summary>
public static class SignInEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers certificate validation (options from <c>Federation:CertificateValidation</c>, <c>Federation:Crl</c> and
    /// <c>Federation:UserMapping</c>), the relying-party resolver, the claims policy, the certificate sign-in service and
    /// the <see cref="CertificateExplainer"/>. The caller adds the federation store.
    /// </summary>
    public static IServiceCollection AddCertificateSignInEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(FederationServerOptions.SectionName);
        var order = section.GetSection("UserMapping:Order").Get<List<string>>() ?? [];
        services.AddCertificateValidation(certificates => certificates
            .ConfigureValidation(o => section.GetSection("CertificateValidation").Bind(o))
            .ConfigureCrl(o => section.GetSection("Crl").Bind(o))
            .ConfigureMapping(o =>
            {
                if (order.Count > 0)
                {
                    o.Order = [.. order.Select(s => Enum.Parse<CertificateMappingSource>(s, ignoreCase: true))];
                }
            }));
        // Federation:Crl:ArchiveDirectory is relative to the server's content root; tools without one keep no archive.
        services.AddOptions<CrlOptions>().PostConfigure<IServiceProvider>((crl, sp) => crl.ResolveArchiveDirectory(sp.GetService<ContentRoot>()?.Path));
        services.TryAddSingleton<IRelyingPartyResolver, StoreRelyingPartyResolver>();
        services.TryAddSingleton<ClaimsIssuancePolicy>();
        services.TryAddSingleton<Domain.IDirectoryUserRepository, Domain.StoreDirectoryUserRepository>();
        services.TryAddSingleton<DirectoryUserCache>();
        services.TryAddSingleton<CertificateSignInService>();
        services.TryAddSingleton<CertificateExplainer>();
        return services;
    }

    /// <summary>
    /// Everything a tool needs to explain certificates against the federation server's store (configured from the
    /// <c>Storage</c> and <c>Federation</c> sections, relative paths against <paramref name="contentRoot"/>): the store,
    /// the engine, the trusted CAs from the store, and CRLs downloaded as the server downloads them, checked against
    /// the CRL numbers the server persisted but never writing the server's CRL state (<see cref="ReadOnlyCrlStateStore"/>).
    /// Register a <see cref="TimeProvider"/> first to choose the clock; logging is not configured here.
    /// </summary>
    public static IServiceCollection AddStandaloneCertificateExplainer(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddLogging();
        services.AddFederationStorage(configuration, contentRoot);
        services.AddCertificateSignInEngine(configuration);
        services.Replace(ServiceDescriptor.Singleton<ITrustedAuthoritySource, StoreTrustedAuthoritySource>());
        services.Replace(ServiceDescriptor.Singleton<ICrlStateStore>(sp => new ReadOnlyCrlStateStore(new StoreCrlStateStore(sp.GetRequiredService<ICrlStateRepository>()))));
        return services;
    }
}
