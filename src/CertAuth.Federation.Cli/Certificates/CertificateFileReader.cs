using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertAuth.Federation.Cli.Certificates;

/// <summary>Reads one X.509 certificate from a .cer/.crt/.pem file, DER or PEM. Private keys are never read.</summary>
internal static class CertificateFileReader
{
    /// <summary>Certificates are small; anything bigger than this is not one.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public static X509Certificate2 Read(string path, string what)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliRefusedException($"{what}: file '{path}' not found.");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new CliRefusedException($"{what}: file '{path}' is larger than {MaxFileBytes} bytes; it is not a certificate.");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliRefusedException($"{what}: cannot read '{path}': {ex.Message}");
        }

        return Decode(bytes, $"{what}: '{path}'");
    }

    /// <summary>Decodes DER, or PEM with exactly one CERTIFICATE block.</summary>
    public static X509Certificate2 Decode(byte[] bytes, string what)
    {
        var der = LooksLikePem(bytes) ? FromPem(Encoding.ASCII.GetString(bytes), what) : bytes;
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            throw new CliRefusedException($"{what} is not a readable X.509 certificate (DER or PEM expected).");
        }
    }

    private static bool LooksLikePem(byte[] bytes) =>
        bytes.AsSpan(0, Math.Min(bytes.Length, 4096)).IndexOf("-----BEGIN "u8) >= 0;

    private static byte[] FromPem(string text, string what)
    {
        byte[]? found = null;
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (label.SequenceEqual("CERTIFICATE"))
            {
                if (found is not null)
                {
                    throw new CliRefusedException($"{what} holds more than one certificate; give one certificate per file.");
                }

                found = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            }
            else if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                throw new CliRefusedException($"{what} contains a private key; give the public certificate only (.cer).");
            }

            rest = rest[fields.Location.End..];
        }

        return found ?? throw new CliRefusedException($"{what} has no PEM CERTIFICATE block.");
    }
}
