using System.Security.Cryptography;
using System.Text;
using CertAuth.Federation.Storage.Entities;
using Microsoft.AspNetCore.DataProtection;

namespace CertAuth.Federation.Storage.KeyMaterial;

/// <summary>
/// Creates and opens the token service's stored JWT signing keys (<see cref="SigningKeyRecord"/>): RSA 2048 for RS256
/// or ECDSA P-256 for ES256 (<see cref="SigningKeyRecord.Algorithm"/>), the private key as PKCS#8 protected by the role's data protection under <see cref="ProtectorPurpose"/>.
/// </summary>
public static class TokenSigningKeyMaterial
{
    /// <summary>The data-protection purpose of stored signing keys (never used for anything else).</summary>
    public const string ProtectorPurpose = "CertAuth.Federation.TokenService.SigningKeys.v1";

    /// <summary>A new record for <paramref name="rsa"/> (a fresh 2048-bit key when null) that starts signing at <paramref name="activatesAt"/>.</summary>
    public static SigningKeyRecord Create(IDataProtectionProvider dataProtection, DateTimeOffset now, DateTimeOffset activatesAt, string createdBy, RSA? rsa = null)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        using var owned = rsa is null ? RSA.Create(2048) : null;
        var key = rsa ?? owned!;
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new SigningKeyRecord
            {
                KeyId = KeyId(key),
                Algorithm = "RS256",
                PublicKey = key.ExportSubjectPublicKeyInfo(),
                ProtectedPrivateKey = Convert.ToBase64String(dataProtection.CreateProtector(ProtectorPurpose).Protect(pkcs8)),
                CreatedAt = now,
                ActivatesAt = activatesAt,
                CreatedBy = createdBy,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The JWS algorithm names this class creates keys for.</summary>
    public static readonly IReadOnlyList<string> Algorithms = ["RS256", "ES256"];

    /// <summary>A new record with a fresh key for <paramref name="algorithm"/> (<c>RS256</c> or <c>ES256</c>).</summary>
    public static SigningKeyRecord Create(IDataProtectionProvider dataProtection, DateTimeOffset now, DateTimeOffset activatesAt, string createdBy, string algorithm)
    {
        if (algorithm == "RS256")
        {
            return Create(dataProtection, now, activatesAt, createdBy, (RSA?)null);
        }

        if (algorithm != "ES256")
        {
            throw new ArgumentException($"Unsupported signing algorithm '{algorithm}'.", nameof(algorithm));
        }

        ArgumentNullException.ThrowIfNull(dataProtection);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new SigningKeyRecord
            {
                KeyId = KeyId(key),
                Algorithm = "ES256",
                PublicKey = key.ExportSubjectPublicKeyInfo(),
                ProtectedPrivateKey = Convert.ToBase64String(dataProtection.CreateProtector(ProtectorPurpose).Protect(pkcs8)),
                CreatedAt = now,
                ActivatesAt = activatesAt,
                CreatedBy = createdBy,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>
    /// The private key of <paramref name="record"/> for its algorithm: an <see cref="RSA"/> (RS256) or a P-256
    /// <see cref="ECDsa"/> (ES256); throws <see cref="CryptographicException"/> when it cannot be unprotected, is of
    /// another type, or does not match its key id.
    /// </summary>
    public static AsymmetricAlgorithm OpenSigningKey(SigningKeyRecord record, IDataProtectionProvider dataProtection)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Algorithm != "ES256")
        {
            return OpenPrivateKey(record, dataProtection);
        }

        ArgumentNullException.ThrowIfNull(dataProtection);
        var pkcs8 = dataProtection.CreateProtector(ProtectorPurpose).Unprotect(Convert.FromBase64String(record.ProtectedPrivateKey));
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            if (ecdsa.KeySize != 256 || KeyId(ecdsa) != record.KeyId)
            {
                ecdsa.Dispose();
                throw new CryptographicException($"Stored signing key '{record.KeyId}' does not match its key id or is not P-256.");
            }

            return ecdsa;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The RFC 7638 JWK thumbprint (SHA-256, base64url) of a P-256 key's public part: its <c>kid</c>.</summary>
    public static string KeyId(ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        var p = ecdsa.ExportParameters(includePrivateParameters: false);
        var json = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url(p.Q.X!)}\",\"y\":\"{Base64Url(p.Q.Y!)}\"}}";
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>The private key of <paramref name="record"/>; throws <see cref="CryptographicException"/> when it cannot be unprotected.</summary>
    public static RSA OpenPrivateKey(SigningKeyRecord record, IDataProtectionProvider dataProtection)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(dataProtection);
        var pkcs8 = dataProtection.CreateProtector(ProtectorPurpose).Unprotect(Convert.FromBase64String(record.ProtectedPrivateKey));
        try
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            if (KeyId(rsa) != record.KeyId)
            {
                rsa.Dispose();
                throw new CryptographicException($"Stored signing key '{record.KeyId}' does not match its key id.");
            }

            return rsa;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The RFC 7638 JWK thumbprint (SHA-256, base64url) of <paramref name="rsa"/>'s public key: its <c>kid</c>.</summary>
    public static string KeyId(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        var p = rsa.ExportParameters(includePrivateParameters: false);
        var json = $"{{\"e\":\"{Base64Url(p.Exponent!)}\",\"kty\":\"RSA\",\"n\":\"{Base64Url(p.Modulus!)}\"}}";
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
