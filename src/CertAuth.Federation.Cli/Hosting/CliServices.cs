using CertAuth.Federation.Administration;
using CertAuth.Federation.Cli.Handlers;
using CertAuth.Federation.Cli.Metadata;
using CertAuth.Federation.Cli.Output;
using CertAuth.Federation.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Hosting;

/// <summary>Builds the small service provider of one CLI run: storage, the clock, the handlers. No web host.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(CliInvocation invocation)
    {
        var environment = invocation.Environment;
        var services = new ServiceCollection();
        services.AddSingleton(environment.TimeProvider);
        services.AddAdministrationStorage(invocation.Settings.Configuration, invocation.Settings.ConfigDirectory);
        services.AddSingleton(invocation);
        services.AddSingleton(new CliConsole(environment.Output, environment.Error));
        services.AddSingleton(new MetadataDocumentLoader(environment.MetadataHttpHandler));
        services.AddAdministration(options =>
        {
            var configuration = invocation.Settings.Configuration;
            if (configuration.GetValue<bool>("Federation:AllowSha1"))
            {
                options.AllowSha1Roles.Add(StoreRole.Federation);
            }

            if (configuration.GetValue<bool>("TokenService:AllowSha1"))
            {
                options.AllowSha1Roles.Add(StoreRole.TokenService);
            }

            options.ThemesPath = invocation.Settings.ResolvePath(configuration["Themes:Path"] is { Length: > 0 } themes ? themes : "themes");
            options.ConfiguredActiveTheme = configuration["Themes:Active"];
        });
        services.AddTransient<UserHandler>();
        services.AddTransient<RelyingPartyHandler>();
        services.AddTransient<CertificateAuthorityHandler>();
        services.AddTransient<CrlStatusHandler>();
        services.AddTransient<CrlRefreshHandler>();
        services.AddTransient<ClientHandler>();
        services.AddTransient<FederationHandler>();
        services.AddTransient<AuditHandler>();
        services.AddTransient<DevCertsHandler>();
        services.AddTransient<ThemeHandler>();
        services.AddTransient<DatabaseHandler>();
        services.AddTransient<CertificateExplainHandler>();
        services.AddTransient<TokenExplainHandler>();
        services.AddTransient<KeysHandler>();
        services.AddTransient<SigningCertificateHandler>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
