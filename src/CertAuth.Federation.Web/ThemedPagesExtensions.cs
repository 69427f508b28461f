using CertAuth.Federation.Web.Browser;
using CertAuth.Federation.Web.Pages;
using CertAuth.Federation.Web.Themes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Web;

/// <summary>Registers and maps the themed pages in a role.</summary>
public static class ThemedPagesExtensions
{
    private const string SiteStylesheetResource = "CertAuth.Federation.Web.Assets.site.css";

    /// <summary>
    /// Themes (the <c>Themes</c> section of appsettings.json), the page builder, the User-Agent classifier, locale
    /// negotiation, the MVC view engine with this library's views, and Razor runtime compilation limited to theme view
    /// overrides (<c>themes/&lt;name&gt;/views</c>); the built-in views stay precompiled.
    /// </summary>
    public static IServiceCollection AddThemedPages(this IServiceCollection services, IConfiguration configuration, string contentRootPath, ThemedPagesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.AssetsBasePath.StartsWith('/') || !settings.AssetsBasePath.EndsWith('/'))
        {
            throw new ArgumentException("AssetsBasePath must start and end with '/'.", nameof(settings));
        }

        services.AddSingleton(settings);
        services.AddOptions<ThemeOptions>().Bind(configuration.GetSection(ThemeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThemeOptions>, ThemeOptionsValidator>());
        services.TryAddSingleton<ThemeLoader>();
        services.TryAddSingleton(sp => new ThemeCatalog(
            sp.GetRequiredService<IOptions<ThemeOptions>>(),
            contentRootPath,
            sp.GetRequiredService<ThemeLoader>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ThemeCatalog>>(),
            sp.GetService<IActiveThemeSource>()));
        services.TryAddSingleton<UserAgentClassifier>();
        services.TryAddSingleton<LocaleNegotiator>();
        services.TryAddSingleton<ThemedPageBuilder>();
        services.AddControllersWithViews().AddApplicationPart(typeof(ThemedPagesExtensions).Assembly);
        services.Configure<RazorViewEngineOptions>(razor => razor.ViewLocationExpanders.Add(new ThemeViewLocationExpander()));
        ThemeViewCompilation.Add(services);
        return services;
    }

    /// <summary>Maps <c>{AssetsBasePath}site.css</c> and the theme assets under <c>{AssetsBasePath}themes/</c>.</summary>
    public static IEndpointRouteBuilder MapThemedPageAssets(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<ThemedPagesSettings>();
        endpoints.MapGet(settings.SiteStylesheetPath, static (HttpContext context) =>
        {
            var stream = typeof(ThemedPagesExtensions).Assembly.GetManifestResourceStream(SiteStylesheetResource);
            if (stream is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Stream(stream, "text/css; charset=utf-8");
        });
        endpoints.MapGet(settings.ThemeAssetsPattern, ThemeAssetsEndpoint.Handle);
        return endpoints;
    }
}
