using CertAuth.Federation.AdminApi;
using CertAuth.Federation.Administration;
using System.Net;
using CertAuth.Federation.Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Mapping;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Configuration;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Explain;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.Pages;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Telemetry;
using CertAuth.Federation.Web.Telemetry;
using CertAuth.Federation.Web;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.DataProtection;
using CertAuth.Federation.Storage.Hosting;
using CertAuth.Federation.Storage.Revocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server;

/// <summary>The <c>AddFederationServer()</c> / <c>MapFederationServer()</c> pair that turns a web host into the federation server.</summary>
public static class FederationServerExtensions
{
    /// <summary>Largest form or query a sign-in request may carry.</summary>
    internal const int MaxRequestBytes = 512 * 1024;

    /// <summary>
    /// Registers the federation server's services from the <c>Federation</c>, <c>Storage</c> and related sections. Reads no
    /// file and throws for no setting (issue 12 item 7): the options are validated once at start
    /// (<see cref="FederationServerOptionsValidator"/>, the client-certificate source check, the admin API's rules), the
    /// certificates are loaded once at start (<see cref="FederationKeyMaterial"/>, a start-up load), and, unless
    /// <c>Federation:ConfigureKestrel</c> is false, <see cref="FederationKestrelSetup"/> sets up the TLS listeners when the
    /// web server is built.
    /// </summary>
    public static WebApplicationBuilder AddFederationServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        var section = configuration.GetSection(FederationServerOptions.SectionName);
        services.AddOptions<FederationServerOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FederationServerOptions>, FederationServerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FederationServerOptions>, ClientCertificateSourceValidator>());

        // Bound (not validated: that happens once, at start) for what the registrations below depend on.
        var options = new FederationServerOptions();
        section.Bind(options);

        services.AddSingleton(new ContentRoot(contentRoot));
        services.AddSingleton<FederationKeyMaterial>();
        services.AddSingleton(sp => sp.GetRequiredService<FederationKeyMaterial>().Credentials);
        services.AddStartupLoad("Federation:SigningCertificate", sp => _ = sp.GetRequiredService<FederationKeyMaterial>().Credentials);
        services.TryAddSingleton(TimeProvider.System);

        services.AddFederationStorage(configuration, contentRoot);
        services.AddAdminApi(options.Admin, StoreRole.Federation, "Federation:Admin", contentRoot);
        services.AddRoleAdministration(StoreRole.Federation, admin =>
        {
            if (options.AllowSha1)
            {
                admin.AllowSha1Roles.Add(StoreRole.Federation);
            }

            admin.ThemesPath = Path.GetFullPath(Path.Combine(contentRoot, configuration["Themes:Path"] is { Length: > 0 } themes ? themes : "themes"));
            admin.ConfiguredActiveTheme = configuration["Themes:Active"];
        });
        services.AddCertificateSignInEngine(configuration);
        services.AddStoreBackedRevocation(options.CrlRefreshPollInterval);

        var bindingOptions = new SamlBindingOptions { MaxRelayStateLength = options.MaxRelayStateBytes, MaxElementDepth = options.MaxXmlElementDepth };
        services.TryAddSingleton(bindingOptions);
        services.TryAddSingleton(_ => new HttpRedirectBinding(bindingOptions));
        services.TryAddSingleton(_ => new HttpPostBinding(bindingOptions));
        services.TryAddSingleton(_ => new SafeXmlLoader(SafeXmlLoader.DefaultMaxCharactersInDocument, bindingOptions.MaxElementDepth));
        services.TryAddSingleton<SamlIdGenerator>();
        services.TryAddSingleton<XmlSigner>();
        services.TryAddSingleton<SignedXmlMessageWriter>();
        services.TryAddSingleton<SignatureVerifier>();
        services.TryAddSingleton<SamlIssuerReader>();
        services.TryAddSingleton<AuthnRequestReader>();
        services.TryAddSingleton<SamlResponseWriter>();
        services.TryAddSingleton<AssertionWriter>();
        services.TryAddSingleton<Protocols.Saml11.Saml11AssertionWriter>();
        services.TryAddSingleton<Protocols.WsFederation.RequestSecurityTokenResponseWriter>();
        services.TryAddSingleton(_ => new Protocols.WsFederation.WsFederationRequestValidator(bindingOptions));
        services.TryAddSingleton<AuthnRequestValidator>();
        services.TryAddSingleton<MetadataWriter>();

        services.AddSingleton<SignInContextProtector>();
        services.AddSingleton<SamlResponseFactory>();
        services.AddSingleton<SamlResponseIssuer>();
        services.AddSingleton<SignInStart>();
        services.AddSingleton<SamlSignOnHandler>();
        services.AddSingleton<WsFederationResponseIssuer>();
        services.AddSingleton<WsFederationSignOnHandler>();
        services.AddSingleton<CertificateSignInHandler>();
        services.AddSingleton<Sessions.FederationSessionCookie>();
        services.AddSingleton<Sessions.FederationSessionHandoff>();
        services.AddSingleton<Sessions.LogoutStateCookie>();
        services.AddSingleton<Sessions.SingleLogoutHandler>();
        services.TryAddSingleton<LogoutMessageReader>();
        services.TryAddSingleton<LogoutMessageWriter>();
        services.AddSingleton<FederationMetadataProvider>();
        services.AddSingleton<ConfigurationSeeder>();
        services.TryAddSingleton<Web.Themes.IActiveThemeSource, Pages.StoreActiveThemeSource>();
        services.AddSingleton<FederationServerInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<FederationServerInitializer>());
        TokenSigningRollover.Add(services, configuration);

        // Issue 13: the key ring that seals sign-in contexts lives in this role's database (shared by every node of a farm),
        // encrypted with Federation:DataProtection:Certificate; Federation:DataProtectionKeysPath (or
        // Federation:DataProtection:KeysPath) keeps it in a folder instead, as before.
        services.AddRoleDataProtection<FederationDbContext>(
            section.GetSection("DataProtection"), contentRoot, StoreRole.Federation, configuration["Federation:DataProtectionKeysPath"]);

        services.Configure<FormOptions>(form =>
        {
            form.ValueLengthLimit = MaxRequestBytes;
            form.MultipartBodyLengthLimit = MaxRequestBytes;
            form.ValueCountLimit = 32;
            form.KeyLengthLimit = 64;
        });
        FederationRateLimiting.Add(services, options.RateLimits);
        options.Hsts.AddTo(services);
        services.AddControllersWithViews().AddApplicationPart(typeof(FederationServerExtensions).Assembly);
        services.AddThemedPages(configuration, contentRoot, new ThemedPagesSettings
        {
            AssetsBasePath = ErrorPageFactory.AssetsBasePath,
            ViewNamespaces = ["CertAuth.Federation.Server", "CertAuth.Federation.Server.Endpoints"],
        });
        services.AddSingleton<ErrorPageFactory>();
        services.AddSingleton<FederationMetrics>();
        builder.Logging.AddCertAuthConsoleFormat(configuration);
        services.AddCertAuthTelemetry(configuration, "certauth-federation",
            [FederationTelemetry.Name, Certificates.Telemetry.CertificateTelemetry.Name],
            [FederationTelemetry.Name, Certificates.Telemetry.CertificateTelemetry.Name]);

        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, FederationKestrelSetup>();
        return builder;
    }

    /// <summary>Maps the federation server's endpoints: SAML sign-on, certificate sign-in, metadata, probe, page assets.</summary>
    public static WebApplication MapFederationServer(this WebApplication app)
    {
        // Issue 12 item 7: mapping neither validates the options nor reads a file (both happen once, at host start): the
        // HSTS switch comes from the bound section, the validated options are read once the host has started.
        var mapped = new FederationServerOptions();
        app.Configuration.GetSection(FederationServerOptions.SectionName).Bind(mapped);
        if (mapped.Hsts.Enabled)
        {
            app.UseHsts();
        }

        app.Use(SecurityHeaders.Apply);
        app.Use((context, next) => FederationRateLimiting.AnswerStoreUnavailableAsync(context, () => next(context)));
        app.MapAdminApi();
        app.UseMiddleware<ForwardedClientCertificateMiddleware>();
        app.UseRateLimiter();
        app.UseStatusCodePages();
        app.MapControllers().Add(FederationRateLimiting.ApplyPolicyByRoute);
        app.MapGet("/FederationMetadata/2007-06/FederationMetadata.xml", FederationMetadataEndpoint.HandleAsync);
        app.MapGet("/adfs/probe", ProbeEndpoint.Handle);
        app.MapGet("/adfs/portal/autopost.js", PortalAssetsEndpoint.Handle);
        app.MapThemedPageAssets();
        app.MapCertAuthTelemetry();
        _ = app.Services.GetRequiredService<Certificates.Telemetry.CrlMetrics>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<FederationServerOptions>>().Value;
            app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("CertAuth.Federation.Server")
                .Listening(options.ResolvedEntityId, options.PublicUrl, options.CertificateSignInUrl);
        });
        return app;
    }

}
