using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertAuth.Federation.Administration.Certificates;

/// <summary>Decodes one X.509 certificate given as DER or PEM bytes. Private keys are refused, never read.</summary>
internal static class CertificateDecoder
{
    /// <summary>Certificates are small; anything bigger than this is not one.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Decodes DER, or PEM with exactly one CERTIFICATE block; <paramref name="what"/> names the input in messages.</summary>
    public static X509Certificate2 Decode(byte[] bytes, string what)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new AdminRefusal(AdminCodes.CertificateUnreadable, $"{what} is larger than {MaxBytes} bytes; it is not a certificate.");
        }

        var der = LooksLikePem(bytes) ? FromPem(Encoding.ASCII.GetString(bytes), what) : bytes;
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            throw new AdminRefusal(AdminCodes.CertificateUnreadable, $"{what} is not a readable X.509 certificate (DER or PEM expected).");
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
                    throw new AdminRefusal(AdminCodes.CertificateUnreadable, $"{what} holds more than one certificate; give one certificate per file.");
                }

                found = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            }
            else if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                throw new AdminRefusal(AdminCodes.CertificateUnreadable, $"{what} contains a private key; give the public certificate only (.cer).");
            }

            rest = rest[fields.Location.End..];
        }

        return found ?? throw new AdminRefusal(AdminCodes.CertificateUnreadable, $"{what} has no PEM CERTIFICATE block.");
    }
}
