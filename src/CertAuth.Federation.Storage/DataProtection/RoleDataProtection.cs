using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CertAuth.Federation.Storage.DataProtection;

/// <summary>
/// A role's data-protection settings (issue 13), bound from <c>Federation:DataProtection</c> or
/// <c>TokenService:DataProtection</c>. By default the key ring lives in the role's database (table
/// <c>data_protection_keys</c> / <c>ts_data_protection_keys</c>), so every node of a farm opens what any other sealed.
/// </summary>
public sealed class RoleDataProtectionOptions
{
    /// <summary>
    /// Explicit fallback: keep the key ring in this folder instead of the database (one node, or a folder every node
    /// shares). Relative to the content root. Default (empty): the database.
    /// </summary>
    public string? KeysPath { get; set; }

    /// <summary>
    /// The certificate (PFX with its RSA private key) that encrypts each key at rest. Without it the keys are stored
    /// unencrypted (ASP.NET Core logs a warning at first use); a farm should always set it, the same on every node.
    /// </summary>
    public RoleCertificateFile Certificate { get; set; } = new();

    /// <summary>Certificates that encrypted keys earlier (after a certificate change): still used to decrypt, never to encrypt.</summary>
    public List<RoleCertificateFile> PreviousCertificates { get; set; } = [];
}

/// <summary>A PFX file and its password.</summary>
public sealed class RoleCertificateFile
{
    public string? Path { get; set; }

    public string? Password { get; set; }
}

/// <summary>Registers a role's ASP.NET Core data protection over its store, protected with its certificate.</summary>
public static class RoleDataProtection
{
    /// <summary>The data-protection application name of <paramref name="role"/> (isolates the two roles' payloads; the same on every node and in the CLI).</summary>
    public static string ApplicationName(StoreRole role) =>
        role == StoreRole.Federation ? "CertAuth.Federation.Server" : "CertAuth.Federation.TokenService";

    /// <summary>
    /// Adds data protection for <typeparamref name="TContext"/>'s role: keys in the role's database (or in
    /// <see cref="RoleDataProtectionOptions.KeysPath"/>, else <paramref name="legacyKeysPath"/> when that is set), encrypted
    /// with <see cref="RoleDataProtectionOptions.Certificate"/>. The role's store must be registered too.
    /// </summary>
    public static IDataProtectionBuilder AddRoleDataProtection<TContext>(
        this IServiceCollection services, IConfiguration section, string contentRoot, StoreRole role, string? legacyKeysPath = null)
        where TContext : RoleDbContext
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new RoleDataProtectionOptions();
        section.Bind(options);
        return services.AddRoleDataProtection<TContext>(options, contentRoot, role, legacyKeysPath);
    }

    /// <summary>As above, for explicit <paramref name="options"/>.</summary>
    public static IDataProtectionBuilder AddRoleDataProtection<TContext>(
        this IServiceCollection services, RoleDataProtectionOptions options, string contentRoot, StoreRole role, string? legacyKeysPath = null)
        where TContext : RoleDbContext
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName(role));
        var keysPath = string.IsNullOrWhiteSpace(options.KeysPath) ? legacyKeysPath : options.KeysPath;
        if (!string.IsNullOrWhiteSpace(keysPath))
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(Resolve(keysPath, contentRoot)));
        }
        else
        {
            // The EF Core key repository resolves the context from a scope; the role registers only a pooled factory.
            services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
            builder.PersistKeysToDbContext<TContext>();
        }

        var prefix = role == StoreRole.Federation ? "Federation" : "TokenService";
        if (!string.IsNullOrWhiteSpace(options.Certificate.Path))
        {
            var current = LoadCertificate(options.Certificate, contentRoot, $"{prefix}:DataProtection:Certificate");
            var all = new List<X509Certificate2> { current };
            for (var i = 0; i < options.PreviousCertificates.Count; i++)
            {
                all.Add(LoadCertificate(options.PreviousCertificates[i], contentRoot, $"{prefix}:DataProtection:PreviousCertificates:{i}"));
            }

            builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. all]);
        }

        return builder;
    }

    private static X509Certificate2 LoadCertificate(RoleCertificateFile file, string contentRoot, string configKey)
    {
        var full = Resolve(file.Path!, contentRoot);
        if (!File.Exists(full))
        {
            throw new InvalidOperationException($"{configKey}: the file '{full}' does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(full, file.Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{configKey}: '{full}' could not be read as a PFX with the configured password ({ex.Message}).", ex);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        return rsa is not null ? certificate : throw new InvalidOperationException($"{configKey}: '{full}' must hold an RSA private key.");
    }

    private static string Resolve(string path, string contentRoot) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(contentRoot, path));
}
