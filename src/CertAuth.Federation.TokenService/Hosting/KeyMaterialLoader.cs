using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Hosting;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// Loads configured key files, or generates the missing request-signing certificate once and keeps it in
/// <see cref="TokenServiceOptions.DataPath"/> (owner-only permissions where the OS supports them). JWT signing keys not
/// configured as a file live in the database (<see cref="StoredTokenSigningKeys"/>). Called at host start (a start-up
/// load, issue 12 item 7), never at registration; a file that cannot be used throws
/// <see cref="StartupConfigurationException"/> naming the setting and the file.
/// </summary>
internal static class KeyMaterialLoader
{
    internal const string JwtKeyFileName = "token-service-jwt-signing.key";
    internal const string RequestSigningFileName = "token-service-request-signing.pfx";
    internal const string RequestSigningPublicFileName = "token-service-request-signing.cer";

    public static TokenServiceKeys Load(TokenServiceOptions options, string contentRoot, TimeProvider timeProvider)
    {
        var jwt = options.JwtSigningCertificate.Path is { } jwtPath
            ? new TokenSigningKey(LoadPfx(jwtPath, options.JwtSigningCertificate.Password, contentRoot, "TokenService:JwtSigningCertificate").GetRSAPrivateKey()
                ?? throw new StartupConfigurationException("TokenService:JwtSigningCertificate", "TokenService:JwtSigningCertificate must hold an RSA key."))
            : null;
        var requestSigning = LoadRequestSigning(options, contentRoot, timeProvider);
        var tls = options.ConfigureKestrel || options.TlsCertificate.Path is not null
            ? LoadPfx(options.TlsCertificate.Path, options.TlsCertificate.Password, contentRoot, "TokenService:TlsCertificate")
            : null;
        return new TokenServiceKeys(jwt, requestSigning, tls);
    }

    /// <summary>The configured request-signing PFX, or the one generated once in the data folder.</summary>
    public static X509Certificate2 LoadRequestSigning(TokenServiceOptions options, string contentRoot, TimeProvider timeProvider) =>
        options.RequestSigningCertificate.Path is { } requestPath
            ? LoadPfx(requestPath, options.RequestSigningCertificate.Password, contentRoot, "TokenService:RequestSigningCertificate")
            : LoadOrCreateRequestSigning(Resolve(options.DataPath, contentRoot), options.ResolvedEntityId, timeProvider);

    public static X509Certificate2 LoadPublicCertificate(string path, string contentRoot, string configKey)
    {
        var full = RequireFile(path, contentRoot, configKey);
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(full);
        }
        catch (CryptographicException ex)
        {
            throw new StartupConfigurationException(configKey, $"{configKey}: '{full}' is not a readable certificate ({ex.Message}).", ex);
        }
    }

    internal static string Resolve(string path, string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));

    private static X509Certificate2 LoadPfx(string? path, string? password, string contentRoot, string configKey)
    {
        var full = RequireFile(path, contentRoot, configKey);
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(full, password, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey ? certificate : throw new StartupConfigurationException(configKey, $"{configKey}: '{full}' has no private key.");
        }
        catch (CryptographicException ex)
        {
            throw new StartupConfigurationException(configKey, $"{configKey}: '{full}' could not be read as a PFX with the configured password ({ex.Message}).", ex);
        }
    }

    private static string RequireFile(string? path, string contentRoot, string configKey)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StartupConfigurationException(configKey, $"{configKey}:Path is not set.");
        }

        var full = Resolve(path, contentRoot);
        return File.Exists(full) ? full : throw new StartupConfigurationException(configKey, $"{configKey}: the file '{full}' does not exist.");
    }

    /// <summary>The JWT signing key an earlier release generated in <paramref name="dataFolder"/>, if any (imported into the database once).</summary>
    public static RSA? LoadLegacyJwtKey(string dataFolder)
    {
        var file = Path.Combine(dataFolder, JwtKeyFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(file));
        return rsa;
    }

    private static X509Certificate2 LoadOrCreateRequestSigning(string dataFolder, string entityId, TimeProvider timeProvider)
    {
        var file = Path.Combine(dataFolder, RequestSigningFileName);
        if (File.Exists(file))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(file, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }

        using var rsa = RSA.Create(2048);
        var host = Uri.TryCreate(entityId, UriKind.Absolute, out var uri) ? uri.Host : "token-service";
        var request = new CertificateRequest($"CN={host} AuthnRequest signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var now = timeProvider.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        var pfx = created.Export(X509ContentType.Pkcs12);
        WriteSecret(file, pfx);
        File.WriteAllBytes(Path.Combine(dataFolder, RequestSigningPublicFileName), created.RawData);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }

    private static void WriteSecret(string file, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(file, options);
        stream.Write(content);
    }
}
