using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Certificates;

/// <summary>Configures the services registered by <see cref="CertificateValidationServiceCollectionExtensions.AddCertificateValidation"/>.</summary>
public sealed class CertificateValidationBuilder
{
    internal CertificateValidationBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Configures <see cref="ClientCertificateValidationOptions"/>.</summary>
    public CertificateValidationBuilder ConfigureValidation(Action<ClientCertificateValidationOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures <see cref="CertificateMappingOptions"/>.</summary>
    public CertificateValidationBuilder ConfigureMapping(Action<CertificateMappingOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures <see cref="CrlOptions"/>.</summary>
    public CertificateValidationBuilder ConfigureCrl(Action<CrlOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
