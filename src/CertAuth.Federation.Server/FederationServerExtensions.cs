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
    /// Registers the federation server's services from the <c>Federation</c>, <c>Storage</c> and related sections,
    /// loads its certificates, and (unless <c>Federation:ConfigureKestrel</c> is false) sets up its two TLS listeners.
    /// </summary>
    public static WebApplicationBuilder AddFederationServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        var section = configuration.GetSection(FederationServerOptions.SectionName);
        services.AddOptions<FederationServerOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FederationServerOptions>, FederationServerOptionsValidator>();

        var options = new FederationServerOptions();
        section.Bind(options);
        var validation = new FederationServerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(FederationServerOptions.SectionName, typeof(FederationServerOptions), validation.Failures);
        }

        // Issue 13: without its own listeners, some configured endpoint or trusted load balancer must supply client certificates.
        ClientCertificateSourceCheck.Verify(configuration, options);

        var tls = options.ConfigureKestrel || options.TlsCertificate.Path is not null
            ? CertificateFiles.LoadWithPrivateKey(options.TlsCertificate, contentRoot, "Federation:TlsCertificate")
            : null;
        var signing = CertificateFiles.LoadWithPrivateKey(options.SigningCertificate, contentRoot, "Federation:SigningCertificate");
        services.AddSingleton(new SigningCredentials(signing, tls));
        services.AddSingleton(new ContentRoot(contentRoot));
        services.TryAddSingleton(TimeProvider.System);

        services.AddFederationStorage(configuration, contentRoot);
        var admin = services.AddAdminApi(options.Admin, StoreRole.Federation, "Federation:Admin", contentRoot);
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

        if (options.ConfigureKestrel)
        {
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                ConfigureListeners(kestrel, options, tls!);
                if (admin is not null)
                {
                    AdminApiExtensions.ListenAdmin(kestrel, admin, tls!);
                }
            });
        }

        return builder;
    }

    /// <summary>Maps the federation server's endpoints: SAML sign-on, certificate sign-in, metadata, probe, page assets.</summary>
    public static WebApplication MapFederationServer(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<FederationServerOptions>>().Value;
        if (options.Hsts.Enabled)
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
            app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("CertAuth.Federation.Server")
                .Listening(options.ResolvedEntityId, options.PublicUrl, options.CertificateSignInUrl));
        return app;
    }

    private static void ConfigureListeners(KestrelServerOptions kestrel, FederationServerOptions options, System.Security.Cryptography.X509Certificates.X509Certificate2 tls)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
        kestrel.Limits.MaxRequestLineSize = 64 * 1024;
        kestrel.Limits.MaxRequestHeadersTotalSize = 96 * 1024;

        Listen(kestrel, options.PublicUrl, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(tls);
        });

        // The certificate listener asks every client for a certificate but accepts any at the TLS layer, so that a
        // missing or bad certificate reaches the sign-in pipeline and gets an explanatory page instead of a TLS alert.
        // HTTP/1.1 only: client certificates cannot be renegotiated on HTTP/2.
        Listen(kestrel, options.CertificateSignInUrl, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = tls,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = static (_, _, _) => true,
                CheckCertificateRevocation = false,

                // No TLS session resumption here: a session resumed from the public listener (same host name) would
                // carry no client certificate, and one resumed from an earlier sign-in would skip the handshake that
                // presents it. Every connection to this listener does a full handshake.
                OnAuthenticate = static (_, ssl) => ssl.AllowTlsResume = false,
            });
        });
    }

    private static void Listen(KestrelServerOptions kestrel, Uri url, Action<ListenOptions> configure)
    {
        if (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(url.Port, configure);
        }
        else if (IPAddress.TryParse(url.Host, out var address))
        {
            kestrel.Listen(address, url.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(url.Port, configure);
        }
    }
}
