using CertAuth.Federation.AdminApi;
using CertAuth.Federation.Administration;
using System.Net;
using CertAuth.Federation.Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.DataProtection;
using CertAuth.Federation.Storage.Hosting;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Endpoints;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Revocation;
using CertAuth.Federation.TokenService.Saml;
using CertAuth.Federation.TokenService.Users;
using CertAuth.Federation.Web;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService;

/// <summary>The <c>AddTokenService()</c> / <c>MapTokenService()</c> pair that turns a web host into the relying-party token service.</summary>
public static class TokenServiceExtensions
{
    /// <summary>
    /// Registers the token service from the <c>TokenService</c> and <c>Storage</c> sections: options (validated once, at
    /// start-up), storage, CRL checking over its own trusted-CA list (seeded by <see cref="TrustedAuthoritySeed"/>), SAML validators, grants, key material
    /// (loaded once at start by a start-up load; the request-signing certificate generated under <c>data/</c> on first run
    /// when not configured) and, unless <c>TokenService:ConfigureKestrel</c> is false, Kestrel's TLS listener on
    /// <c>TokenService:PublicUrl</c> (<see cref="TokenServiceKestrelSetup"/>). Reads no file and throws for no setting
    /// (issue 12 item 7).
    /// </summary>
    public static WebApplicationBuilder AddTokenService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;
        var section = builder.Configuration.GetSection(TokenServiceOptions.SectionName);
        services.AddOptions<TokenServiceOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenServiceOptions>, TokenServiceOptionsValidator>());

        // Bound (not validated: that happens once, at start) for what the registrations below depend on.
        var options = new TokenServiceOptions();
        section.Bind(options);

        services.TryAddSingleton(TimeProvider.System);

        // The key files are read (the request-signing certificate generated on first run) once, when first asked for: at
        // host start, by this start-up load. The clock is the system's, as before (the generated certificate's validity).
        services.AddSingleton(sp => KeyMaterialLoader.Load(sp.GetRequiredService<IOptions<TokenServiceOptions>>().Value, contentRoot, TimeProvider.System));
        services.AddStartupLoad("TokenService key material", sp => sp.GetRequiredService<TokenServiceKeys>());
        services.AddSingleton(new TokenServiceContentRoot(contentRoot));
        if (!services.Any(d => d.ServiceType == typeof(IDbContextFactory<TokenServiceDbContext>)))
        {
            services.AddTokenServiceStorage(builder.Configuration, contentRoot);
        }

        services.AddSingleton(TrustedAuthoritySeed.From(builder.Configuration));
        services.AddAdminApi(options.Admin, StoreRole.TokenService, "TokenService:Admin", contentRoot);
        AddTokenServiceCore(services, section.GetSection("Crl"));
        services.AddOptions<Saml.FederationMetadataRefreshOptions>().Bind(builder.Configuration.GetSection(Saml.FederationMetadataRefreshOptions.SectionName));
        services.AddHostedService<Saml.FederationMetadataRefresher>();

        // Issue 13: data protection over this role's database (protects the stored signing keys' private parts), and the
        // JWT signing keys: a configured certificate (one fixed key) or the database (shared by every node, rotated).
        services.AddRoleDataProtection<TokenServiceDbContext>(section.GetSection("DataProtection"), contentRoot, StoreRole.TokenService);
        if (options.JwtSigningCertificate.Path is not null)
        {
            services.TryAddSingleton<ITokenSigningKeys>(sp => new FixedTokenSigningKeys(sp.GetRequiredService<TokenServiceKeys>().JwtSigning!));
        }
        else
        {
            services.TryAddSingleton<StoredTokenSigningKeys>();
            services.TryAddSingleton<ITokenSigningKeys>(sp => sp.GetRequiredService<StoredTokenSigningKeys>());
        }
        services.AddThemedPages(builder.Configuration, contentRoot, new ThemedPagesSettings { AssetsBasePath = ErrorPage.AssetsBasePath });
        services.Configure<FormOptions>(form =>
        {
            form.ValueLengthLimit = InputLimits.MaxRequestBodyBytes;
            form.MultipartBodyLengthLimit = InputLimits.MaxRequestBodyBytes;
            form.ValueCountLimit = InputLimits.MaxFormValues;
            form.KeyLengthLimit = 64;
        });

        TokenServiceRateLimiting.Add(services, options.RateLimits);
        Web.Telemetry.TelemetrySetup.AddCertAuthConsoleFormat(builder.Logging, builder.Configuration);
        Web.Telemetry.TelemetrySetup.AddCertAuthTelemetry(services, builder.Configuration, "certauth-tokenservice",
            [Telemetry.TokenServiceMetrics.Name, Certificates.Telemetry.CertificateTelemetry.Name],
            [Telemetry.TokenServiceMetrics.Name, Certificates.Telemetry.CertificateTelemetry.Name]);
        options.Hsts.AddTo(services);

        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, TokenServiceKestrelSetup>();
        return builder;
    }

    /// <summary>Maps <c>/oauth2/authorize</c>, <c>/oauth2/token</c>, <c>/saml2/acs</c>, discovery, keys and <c>/probe</c>.</summary>
    public static WebApplication MapTokenService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Issue 12 item 7: mapping resolves nothing that reads a file or validates the options (both happen once, at host
        // start): the HSTS switch comes from the bound section, the initializer and the validated options when first used.
        var mapped = new TokenServiceOptions();
        app.Configuration.GetSection(TokenServiceOptions.SectionName).Bind(mapped);
        TokenServiceInitializer? started = null;
        if (mapped.Hsts.Enabled)
        {
            app.UseHsts();
        }

        var storeHealth = app.Services.GetRequiredService<Storage.Resilience.StoreHealth>();
        app.Use(async (context, next) =>
        {
            var initializer = started ??= app.Services.GetRequiredService<TokenServiceInitializer>();
            if (ProbeEndpoint.Matches(context.Request))
            {
                await ProbeEndpoint.WriteAsync(context, initializer.IsReady, storeHealth);
                return;
            }

            // Nothing else is served before the schema exists and configuration is seeded.
            await initializer.Ready.WaitAsync(context.RequestAborted);
            PageSecurity.ApplyHeaders(context.Response.Headers);
            try
            {
                await next(context);
            }
            catch (Exception ex) when (Storage.Resilience.StoreRetry.IsStoreUnavailable(ex) && !context.Response.HasStarted)
            {
                // Issue 13: without the database (after the retries of idempotent reads) a request gets 503 and a stable code, never a 500.
                await StoreUnavailableResponse.WriteAsync(context, ex);
            }
        });
        app.MapAdminApi();
        app.MapThemedPageAssets();
        Web.Telemetry.TelemetrySetup.MapCertAuthTelemetry(app);
        _ = app.Services.GetRequiredService<Certificates.Telemetry.CrlMetrics>();
        app.UseRateLimiter();
        app.MapGet("/oauth2/authorize", AuthorizeEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.InteractivePolicy);
        app.MapPost("/oauth2/token", TokenEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.TokenPolicy);
        app.MapPost("/saml2/acs", AssertionConsumerEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.InteractivePolicy);
        app.MapPost(WsFederationEndpoint.Path, WsFederationEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.InteractivePolicy);
        app.MapGet(WsFederationEndpoint.Path, WsFederationEndpoint.HandleCleanup).RequireRateLimiting(TokenServiceRateLimiting.InteractivePolicy);
        app.MapGet("/.well-known/openid-configuration", DiscoveryEndpoints.Configuration);
        app.MapGet("/discovery/keys", DiscoveryEndpoints.Keys);
        app.MapMethods(UserInfoEndpoint.Path, ["GET", "POST"], UserInfoEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.TokenPolicy);
        app.MapPost(RevocationEndpoint.Path, RevocationEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.TokenPolicy);
        app.MapPost(IntrospectionEndpoint.Path, IntrospectionEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.TokenPolicy);
        app.MapMethods(EndSessionEndpoint.Path, ["GET", "POST"], EndSessionEndpoint.HandleAsync).RequireRateLimiting(TokenServiceRateLimiting.InteractivePolicy);
        app.MapGet(EndSessionEndpoint.CallbackPath, EndSessionEndpoint.Callback).RequireRateLimiting(TokenServiceRateLimiting.InteractivePolicy);
        app.MapPost(EndSessionEndpoint.CallbackPath, EndSessionEndpoint.CallbackPost).RequireRateLimiting(TokenServiceRateLimiting.InteractivePolicy);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<TokenServiceOptions>>().Value;
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CertAuth.Federation.TokenService")
                .Listening(options.ResolvedEntityId, options.PublicUrl, options.ResolvedAcsUrl, app.Services.GetRequiredService<ITokenSigningKeys>().Current.KeyId);
        });
        return app;
    }

    /// <summary>Everything but hosting and key loading (tests compose it with their own keys, clock and storage).</summary>
    internal static IServiceCollection AddTokenServiceCore(IServiceCollection services, IConfiguration crlSection)
    {
        services.AddCertificateValidation(b => b.ConfigureCrl(crl => crlSection.Bind(crl)));
        // TokenService:Crl:ArchiveDirectory is relative to the content root; without one (a tool, a test host) it is off.
        services.AddOptions<CrlOptions>().PostConfigure<IServiceProvider>((crl, sp) => crl.ResolveArchiveDirectory(sp.GetService<TokenServiceContentRoot>()?.Path));
        services.AddStoreBackedRevocation(sp => sp.GetRequiredService<IOptions<TokenServiceOptions>>().Value.CrlRefreshPollInterval);

        services.TryAddSingleton(new SamlBindingOptions { MaxRelayStateLength = InputLimits.MaxRelayStateLength });
        services.TryAddSingleton(sp => new HttpRedirectBinding(sp.GetRequiredService<SamlBindingOptions>()));
        services.TryAddSingleton(sp => new HttpPostBinding(sp.GetRequiredService<SamlBindingOptions>()));
        services.TryAddSingleton(sp => new SafeXmlLoader(SafeXmlLoader.DefaultMaxCharactersInDocument, sp.GetRequiredService<SamlBindingOptions>().MaxElementDepth));
        services.TryAddSingleton<SignatureVerifier>();
        services.TryAddSingleton<AssertionReader>();
        services.TryAddSingleton<AuthnRequestWriter>();
        services.TryAddSingleton<SamlIdGenerator>();
        services.TryAddSingleton<SamlResponseValidator>();
        services.TryAddSingleton<Protocols.WsFederation.WsFederationResultValidator>();
        services.TryAddSingleton<SamlAssertionValidator>();
        services.AddSingleton<IAssertionReplayCache, DatabaseAssertionReplayCache>();

        services.AddSingleton<FederationTrustResolver>();
        // Issue 12 item 2: the grants see the role's domain types through these repositories (Domain/StoreRepositories.cs).
        Domain.RepositoryServiceCollectionExtensions.AddTokenServiceRepositories(services);
        services.AddSingleton<UserProvisioner>();
        services.AddSingleton<UserSessionRules>();
        services.AddSingleton<CertificateRevocationPolicy>();
        services.AddSingleton<ClientSecretVerifier>();
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AuthorizationCodeGrant>();
        services.AddSingleton<RefreshTokenGrant>();
        Explain.RefreshTokenExplainerServiceCollectionExtensions.AddRefreshTokenExplainer(services);
        services.AddSingleton<SamlBearerGrant>();
        services.AddSingleton<TokenRequestProcessor>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<TokenRevoker>();
        services.AddSingleton<TokenIntrospector>();
        services.AddSingleton<EndSessionHandler>();
        services.AddSingleton<FederationLogoutHandler>();
        services.AddSingleton<BrowserSessionCookie>();
        services.AddSingleton<BrowserSessionCleanup>();
        services.AddSingleton<Telemetry.TokenServiceMetrics>();
        services.AddSingleton<AuthorizeRequestHandler>();
        services.AddSingleton<AssertionConsumer>();
        services.TryAddSingleton(sp =>
        {
            var admin = new AdministrationOptions { FederationAuthoritiesSection = "TokenService:TrustedCertificateAuthorities" };
            if (sp.GetRequiredService<IOptions<TokenServiceOptions>>().Value.AllowSha1)
            {
                admin.AllowSha1Roles.Add(StoreRole.TokenService);
            }

            return admin;
        });
        services.AddRoleAdministration(StoreRole.TokenService);
        services.AddSingleton<TokenServiceSeeder>();
        services.AddSingleton<TokenServiceInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenServiceInitializer>());
        return services;
    }

}
