using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Hosting;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Loads certificates named in configuration, resolving relative paths against the content root. A file that cannot be
/// used throws <see cref="StartupConfigurationException"/> naming the configuration key and the file.
/// </summary>
public static class CertificateFiles
{
    /// <summary>Loads a PFX with its private key; throws with the configuration key in the message when it cannot.</summary>
    public static X509Certificate2 LoadWithPrivateKey(CertificateFileOptions file, string contentRoot, string configKey)
    {
        var path = Resolve(file.Path, contentRoot, configKey);
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, file.Password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                throw new StartupConfigurationException(configKey, $"{configKey}: '{path}' has no private key.");
            }

            return certificate;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new StartupConfigurationException(configKey, $"{configKey}: '{path}' could not be read as a PFX with the configured password ({ex.Message}).", ex);
        }
    }

    /// <summary>Loads a public certificate, DER or PEM.</summary>
    public static X509Certificate2 LoadPublic(string? relativeOrAbsolutePath, string contentRoot, string configKey)
    {
        var path = Resolve(relativeOrAbsolutePath, contentRoot, configKey);
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new StartupConfigurationException(configKey, $"{configKey}: '{path}' is not a readable certificate ({ex.Message}).", ex);
        }
    }

    private static string Resolve(string? path, string contentRoot, string configKey)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StartupConfigurationException(configKey, $"{configKey} is not set.");
        }

        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
        if (!File.Exists(full))
        {
            throw new StartupConfigurationException(configKey, $"{configKey}: the file '{full}' does not exist.");
        }

        return full;
    }
}
