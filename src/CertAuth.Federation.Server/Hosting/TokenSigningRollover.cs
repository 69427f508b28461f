using CertAuth.Federation.Administration.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        // Issue 12 item 7: validated once, at start (TokenSigningRolloverOptionsValidator), never here.
        services.AddOptions<TokenSigningRolloverOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenSigningRolloverOptions>, TokenSigningRolloverOptionsValidator>());
        var options = new TokenSigningRolloverOptions();
        section.Bind(options);
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

/// <summary>The rules of <c>Federation:TokenSigning</c>, checked once at start.</summary>
internal sealed class TokenSigningRolloverOptionsValidator : IValidateOptions<TokenSigningRolloverOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenSigningRolloverOptions options) =>
        options.RefreshInterval <= TimeSpan.Zero || options.CertificateGenerationThreshold <= TimeSpan.Zero
        || options.CertificatePromotionThreshold < TimeSpan.Zero || options.RetiredKeepPeriod < TimeSpan.Zero
        || options.CertificateLifetime <= options.CertificatePromotionThreshold
            ? ValidateOptionsResult.Fail("Federation:TokenSigning: RefreshInterval and CertificateGenerationThreshold must be positive, CertificatePromotionThreshold and RetiredKeepPeriod not negative, and CertificateLifetime longer than CertificatePromotionThreshold.")
            : ValidateOptionsResult.Success;
}
