using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
            // Issue 12 item 7: no file is read here. The certificates are loaded once at host start (a start-up load) or,
            // outside a host (the CLI), when the key ring is first used: the encryptor is set when KeyManagementOptions
            // are first built, and that same step fills the decryption slots below, which data protection reads only
            // afterwards (its key manager builds KeyManagementOptions before it decrypts any key).
            var certificates = new RoleDataProtectionCertificates(options, contentRoot, prefix);
            services.AddSingleton(certificates);
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            {
                var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
                return new ConfigureOptions<KeyManagementOptions>(keyManagement =>
                    keyManagement.XmlEncryptor = new CertificateXmlEncryptor(certificates.Load(), loggerFactory));
            });
            builder.UnprotectKeysWithAnyCertificate(certificates.DecryptionSlots);
            services.AddStartupLoad($"{prefix}:DataProtection:Certificate", sp => sp.GetRequiredService<RoleDataProtectionCertificates>().Load());
        }

        return builder;
    }

    internal static X509Certificate2 LoadCertificate(RoleCertificateFile file, string contentRoot, string configKey)
    {
        var full = Resolve(file.Path!, contentRoot);
        if (!File.Exists(full))
        {
            throw new StartupConfigurationException(configKey, $"{configKey}: the file '{full}' does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(full, file.Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new StartupConfigurationException(configKey, $"{configKey}: '{full}' could not be read as a PFX with the configured password ({ex.Message}).", ex);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        return rsa is not null ? certificate : throw new StartupConfigurationException(configKey, $"{configKey}: '{full}' must hold an RSA private key.");
    }

    internal static string Resolve(string path, string contentRoot) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(contentRoot, path));
}

/// <summary>
/// A role's data-protection certificates, read once on first use (at host start): the current one encrypts, all of them
/// decrypt. <see cref="DecryptionSlots"/> is the array handed to data protection at registration and filled here.
/// </summary>
public sealed class RoleDataProtectionCertificates
{
    private readonly RoleDataProtectionOptions _options;
    private readonly string _contentRoot;
    private readonly string _prefix;
    private readonly Lock _lock = new();
    private X509Certificate2? _current;

    internal RoleDataProtectionCertificates(RoleDataProtectionOptions options, string contentRoot, string prefix)
    {
        _options = options;
        _contentRoot = contentRoot;
        _prefix = prefix;
        DecryptionSlots = new X509Certificate2[1 + options.PreviousCertificates.Count];
    }

    internal X509Certificate2[] DecryptionSlots { get; }

    /// <summary>Loads the certificates (once) and returns the current one; throws <see cref="StartupConfigurationException"/> naming the setting.</summary>
    public X509Certificate2 Load()
    {
        lock (_lock)
        {
            if (_current is not null)
            {
                return _current;
            }

            var current = RoleDataProtection.LoadCertificate(_options.Certificate, _contentRoot, $"{_prefix}:DataProtection:Certificate");
            var previous = new X509Certificate2[_options.PreviousCertificates.Count];
            for (var i = 0; i < previous.Length; i++)
            {
                previous[i] = RoleDataProtection.LoadCertificate(_options.PreviousCertificates[i], _contentRoot, $"{_prefix}:DataProtection:PreviousCertificates:{i}");
            }

            DecryptionSlots[0] = current;
            previous.CopyTo(DecryptionSlots, 1);
            _current = current;
            return current;
        }
    }
}

