using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>The signature and digest algorithm allow-list, and raw sign/verify for a given algorithm URI.</summary>
internal static class SignatureAlgorithmRules
{
    private static readonly Dictionary<string, (bool IsEcdsa, HashAlgorithmName Hash)> SignatureMethods = new(StringComparer.Ordinal)
    {
        [SignatureAlgorithms.RsaSha1] = (false, HashAlgorithmName.SHA1),
        [SignatureAlgorithms.RsaSha256] = (false, HashAlgorithmName.SHA256),
        [SignatureAlgorithms.RsaSha384] = (false, HashAlgorithmName.SHA384),
        [SignatureAlgorithms.RsaSha512] = (false, HashAlgorithmName.SHA512),
        [SignatureAlgorithms.EcdsaSha1] = (true, HashAlgorithmName.SHA1),
        [SignatureAlgorithms.EcdsaSha256] = (true, HashAlgorithmName.SHA256),
        [SignatureAlgorithms.EcdsaSha384] = (true, HashAlgorithmName.SHA384),
        [SignatureAlgorithms.EcdsaSha512] = (true, HashAlgorithmName.SHA512),
    };

    private static readonly Dictionary<string, HashAlgorithmName> DigestMethods = new(StringComparer.Ordinal)
    {
        [SignatureAlgorithms.Sha1Digest] = HashAlgorithmName.SHA1,
        [SignatureAlgorithms.Sha256Digest] = HashAlgorithmName.SHA256,
        [SignatureAlgorithms.Sha384Digest] = HashAlgorithmName.SHA384,
        [SignatureAlgorithms.Sha512Digest] = HashAlgorithmName.SHA512,
    };

    /// <summary>Throws <see cref="SamlFailureReason.WeakAlgorithm"/> unless the signature method is allowed.</summary>
    public static (bool IsEcdsa, HashAlgorithmName Hash) RequireAllowedSignatureMethod(string? uri, bool allowSha1)
    {
        if (uri is null || !SignatureMethods.TryGetValue(uri, out var method) || (method.Hash == HashAlgorithmName.SHA1 && !allowSha1))
        {
            throw new SamlValidationException(SamlFailureReason.WeakAlgorithm, $"Signature algorithm '{LogSafe.Quote(uri)}' is not allowed.");
        }

        return method;
    }

    /// <summary>Throws <see cref="SamlFailureReason.WeakAlgorithm"/> unless the digest method is allowed.</summary>
    public static HashAlgorithmName RequireAllowedDigestMethod(string? uri, bool allowSha1)
    {
        if (uri is null || !DigestMethods.TryGetValue(uri, out var hash) || (hash == HashAlgorithmName.SHA1 && !allowSha1))
        {
            throw new SamlValidationException(SamlFailureReason.WeakAlgorithm, $"Digest algorithm '{LogSafe.Quote(uri)}' is not allowed.");
        }

        return hash;
    }

    /// <summary>The digest URI that pairs with a signature method (SHA-256 for SHA-256, and so on).</summary>
    public static string DigestFor(string signatureMethod)
    {
        var (_, hash) = RequireAllowedSignatureMethod(signatureMethod, allowSha1: true);
        return DigestMethods.First(pair => pair.Value == hash).Key;
    }

    /// <summary>
    /// Signs <paramref name="data"/> (RSA PKCS#1 v1.5, or ECDSA in the IEEE P1363 r||s form XML-DSig uses) with the
    /// certificate's key, imported once per certificate object (<see cref="CertificateKeyCache"/>).
    /// </summary>
    public static byte[] Sign(byte[] data, X509Certificate2 certificate, string signatureMethod)
    {
        var (isEcdsa, hash) = RequireAllowedSignatureMethod(signatureMethod, allowSha1: false);
        if (isEcdsa)
        {
            var ecdsa = CertificateKeyCache.EcdsaPrivate(certificate)
                ?? throw new ArgumentException("The certificate has no ECDSA private key.", nameof(certificate));
            return ecdsa.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        var rsa = CertificateKeyCache.RsaPrivate(certificate)
            ?? throw new ArgumentException("The certificate has no RSA private key.", nameof(certificate));
        return rsa.SignData(data, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Verifies with the certificate's public key; false for a wrong key type or a bad signature.</summary>
    public static bool Verify(byte[] data, byte[] signature, X509Certificate2 certificate, (bool IsEcdsa, HashAlgorithmName Hash) method)
    {
        if (method.IsEcdsa)
        {
            var ecdsa = CertificateKeyCache.EcdsaPublic(certificate);
            return ecdsa is not null && ecdsa.VerifyData(data, signature, method.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        var rsa = CertificateKeyCache.RsaPublic(certificate);
        return rsa is not null && rsa.VerifyData(data, signature, method.Hash, RSASignaturePadding.Pkcs1);
    }
}
