using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Entities;
using Microsoft.AspNetCore.DataProtection;

namespace CertAuth.Federation.Storage.KeyMaterial;

/// <summary>
/// Creates, generates and opens the federation server's stored token-signing certificates
/// (<see cref="TokenSigningCertificateRecord"/>): the certificate in clear, its RSA private key as PKCS#8 protected by the
/// role's data protection under <see cref="ProtectorPurpose"/> (the same design as <see cref="TokenSigningKeyMaterial"/>).
/// </summary>
public static class TokenSigningCertificateMaterial
{
    /// <summary>The data-protection purpose of stored token-signing certificates (never used for anything else).</summary>
    public const string ProtectorPurpose = "CertAuth.Federation.Server.TokenSigningCertificates.v1";

    /// <summary>The smallest RSA key accepted for token signing.</summary>
    public const int MinimumKeySize = 2048;

    /// <summary>The SHA-256 thumbprint (upper-case hex) that keys the record.</summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>A record for <paramref name="certificate"/> (which must carry an exportable RSA private key).</summary>
    public static TokenSigningCertificateRecord Create(
        IDataProtectionProvider dataProtection, X509Certificate2 certificate, DateTimeOffset now, DateTimeOffset? promotesAt, string? succeeds, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(certificate);
        using var rsa = certificate.GetRSAPrivateKey() ?? throw new CryptographicException("The token-signing certificate has no RSA private key.");
        var pkcs8 = ExportPkcs8(rsa);
        try
        {
            return new TokenSigningCertificateRecord
            {
                Thumbprint = Thumbprint(certificate),
                Certificate = certificate.RawData,
                ProtectedPrivateKey = Convert.ToBase64String(dataProtection.CreateProtector(ProtectorPurpose).Protect(pkcs8)),
                Subject = certificate.Subject,
                NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
                NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
                CreatedAt = now,
                CreatedBy = createdBy,
                PromotesAt = promotesAt,
                Succeeds = succeeds,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>A new self-signed RSA 2048 / SHA-256 token-signing certificate valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public static X509Certificate2 Generate(string subject, DateTimeOffset now, TimeSpan lifetime)
    {
        using var rsa = RSA.Create(MinimumKeySize);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now + lifetime);
    }

    /// <summary>The certificate of <paramref name="record"/> with its private key; throws <see cref="CryptographicException"/> when it cannot be opened.</summary>
    public static X509Certificate2 Open(TokenSigningCertificateRecord record, IDataProtectionProvider dataProtection)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(dataProtection);
        var pkcs8 = dataProtection.CreateProtector(ProtectorPurpose).Unprotect(Convert.FromBase64String(record.ProtectedPrivateKey));
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(record.Certificate);
            if (Thumbprint(certificate) != record.Thumbprint)
            {
                throw new CryptographicException($"Stored token-signing certificate '{record.Thumbprint}' does not match its thumbprint.");
            }

            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            using var withKey = certificate.CopyWithPrivateKey(rsa);

            // Through PKCS#12 so that the key is usable on every platform after the RSA object above is disposed.
            var pfx = withKey.Export(X509ContentType.Pfx);
            try
            {
                return X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pfx);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static byte[] ExportPkcs8(RSA rsa)
    {
        try
        {
            return rsa.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException)
        {
            // Keys loaded without the Exportable flag still export through an encrypted PKCS#8 round trip.
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            var encrypted = rsa.ExportEncryptedPkcs8PrivateKey(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
            using var copy = RSA.Create();
            copy.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
            return copy.ExportPkcs8PrivateKey();
        }
    }
}
