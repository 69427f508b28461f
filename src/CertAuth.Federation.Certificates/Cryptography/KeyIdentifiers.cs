using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Certificates.Cryptography;

/// <summary>Reads subject/authority key identifiers as upper-case hex.</summary>
internal static class KeyIdentifiers
{
    /// <summary>The SKI extension value, or (when absent) the RFC 5280 §4.2.1.2 method-1 SHA-1 of the public key.</summary>
    public static string GetSubjectKeyIdentifier(X509Certificate2 certificate)
        => FindSubjectKeyIdentifier(certificate)
           ?? new X509SubjectKeyIdentifierExtension(certificate.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false).SubjectKeyIdentifier!;

    /// <summary>The SKI extension value, or null when the certificate has none.</summary>
    public static string? FindSubjectKeyIdentifier(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectKeyIdentifierExtension ski)
            {
                return ski.SubjectKeyIdentifier?.ToUpperInvariant();
            }
        }

        return null;
    }

    /// <summary>The keyIdentifier of the AKI extension, or null.</summary>
    public static string? FindAuthorityKeyIdentifier(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[Oids.AuthorityKeyIdentifier];
        if (extension is null)
        {
            return null;
        }

        try
        {
            var aki = new X509AuthorityKeyIdentifierExtension(extension.RawData);
            return aki.KeyIdentifier is { } id ? Convert.ToHexString(id.Span) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Compares two hex strings ignoring case, spaces and colons.</summary>
    public static bool HexEquals(string? left, string? right)
        => left is not null && right is not null && string.Equals(Normalize(left), Normalize(right), StringComparison.Ordinal);

    public static string Normalize(string hex) => hex.Replace(" ", string.Empty, StringComparison.Ordinal)
        .Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
