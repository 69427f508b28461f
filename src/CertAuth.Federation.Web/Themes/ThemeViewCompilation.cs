using Microsoft.AspNetCore.Mvc.Razor.RuntimeCompilation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// Razor runtime compilation, limited to theme view overrides (<c>themes/&lt;name&gt;/views</c>): the built-in views stay
/// precompiled, and only files the <see cref="ThemeViewFileProvider"/> exposes are compiled, when a theme has them.
/// </summary>
/// <remarks>
/// ASP.NET Core 10 marks runtime compilation obsolete (ASPDEPR003) because it is meant for development. Here it is the
/// product feature admins use, as with AD FS web themes, to change page markup without a rebuild; a theme without
/// <c>views/</c> never compiles anything. If a later ASP.NET Core removes it, themes keep working as data (texts, CSS,
/// images) and overrides stop applying.
/// </remarks>
internal static class ThemeViewCompilation
{
#pragma warning disable ASPDEPR003 // see remarks: the supported use of runtime compilation for admin-edited theme views.
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<ThemeViewFileProvider>();

        // After AddRazorRuntimeCompilation's own set-up (which adds the content root): only theme folders are compiled.
        services.AddMvcCore().AddRazorRuntimeCompilation();
        services.AddSingleton<IConfigureOptions<MvcRazorRuntimeCompilationOptions>>(sp => new ConfigureOptions<MvcRazorRuntimeCompilationOptions>(compilation =>
        {
            compilation.FileProviders.Clear();
            compilation.FileProviders.Add(sp.GetRequiredService<ThemeViewFileProvider>());
        }));
    }
#pragma warning restore ASPDEPR003
}
