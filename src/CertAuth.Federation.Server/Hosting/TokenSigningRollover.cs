using CertAuth.Federation.Administration.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>Registers the token-signing certificates the server signs with (issue 13 item 2, <c>Federation:TokenSigning</c>).</summary>
internal static class TokenSigningRollover
{
    /// <summary>
    /// The stored, rolled-over certificates when <see cref="TokenSigningRolloverOptions.UsesStore"/>; otherwise the
    /// configured <see cref="SigningCredentials.TokenSigning"/> alone. Call after the storage initializer's hosted service
    /// is registered (the stored certificates are loaded by a hosted service that needs the migrated schema).
    /// </summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TokenSigningRolloverOptions.SectionName);
        services.AddOptions<TokenSigningRolloverOptions>().Bind(section);
        var options = new TokenSigningRolloverOptions();
        section.Bind(options);
        if (options.RefreshInterval <= TimeSpan.Zero || options.CertificateGenerationThreshold <= TimeSpan.Zero
            || options.CertificatePromotionThreshold < TimeSpan.Zero || options.RetiredKeepPeriod < TimeSpan.Zero
            || options.CertificateLifetime <= options.CertificatePromotionThreshold)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(TokenSigningRolloverOptions.SectionName, typeof(TokenSigningRolloverOptions),
                ["Federation:TokenSigning: RefreshInterval and CertificateGenerationThreshold must be positive, CertificatePromotionThreshold and RetiredKeepPeriod not negative, and CertificateLifetime longer than CertificatePromotionThreshold."]);
        }

        if (options.UsesStore)
        {
            services.AddSingleton<StoredTokenSigningCertificates>();
            services.AddSingleton<ITokenSigningCertificates>(sp => sp.GetRequiredService<StoredTokenSigningCertificates>());
            services.AddHostedService<TokenSigningRolloverService>();
        }
        else
        {
            services.TryAddSingleton<ITokenSigningCertificates>(sp => new FixedTokenSigningCertificates(sp.GetRequiredService<SigningCredentials>()));
        }
    }
}
