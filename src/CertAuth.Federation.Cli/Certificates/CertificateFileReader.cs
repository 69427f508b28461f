using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.Certificates;

namespace CertAuth.Federation.Cli.Certificates;

/// <summary>
/// Reads one X.509 certificate file (.cer/.crt/.pem, DER or PEM). The file is the CLI's business; decoding and its
/// refusals (private key, several certificates, unreadable) are the administration library's.
/// </summary>
internal static class CertificateFileReader
{
    /// <summary>Certificates are small; anything bigger than this is not one.</summary>
    public const int MaxFileBytes = CertificateDecoder.MaxBytes;

    /// <summary>The file's bytes; <paramref name="source"/> names it in the managers' messages (<c>--cert: '/path'</c>).</summary>
    public static byte[] ReadBytes(string path, string what, out string source)
    {
        source = $"{what}: '{path}'";
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliRefusedException($"{what}: file '{path}' not found.", Administration.AdminCodes.CertificateUnreadable);
            }

            if (info.Length > MaxFileBytes)
            {
                throw new CliRefusedException($"{what}: file '{path}' is larger than {MaxFileBytes} bytes; it is not a certificate.", Administration.AdminCodes.CertificateUnreadable);
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliRefusedException($"{what}: cannot read '{path}': {ex.Message}", Administration.AdminCodes.CertificateUnreadable);
        }
    }

    /// <summary>Decodes certificate bytes given on the command line (PEM text); <paramref name="source"/> names them in messages.</summary>
    public static X509Certificate2 Decode(byte[] bytes, string source) =>
        AdminResultExtensions.Rule(() => CertificateDecoder.Decode(bytes, source));

    /// <summary>Reads and decodes the certificate.</summary>
    public static X509Certificate2 Read(string path, string what)
    {
        var bytes = ReadBytes(path, what, out var source);
        return AdminResultExtensions.Rule(() => CertificateDecoder.Decode(bytes, source));
    }
}
