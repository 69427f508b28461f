using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Validation;

/// <summary>The per-certificate rules applied to a built chain (leaf first, root last). Each returns null when satisfied.</summary>
internal static class CertificateRules
{
    // RFC 5280 §4.1.2.5 / §6.1.3 (a)(2): every certificate in the path must be within its validity period.
    public static CertificateFailure? CheckTimeValidity(IReadOnlyList<X509Certificate2> chain, DateTimeOffset now)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var certificate = chain[i];
            var role = Role(i, chain.Count);
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (now < notBefore)
            {
                return new CertificateFailure(CertificateFailureReason.NotYetValid,
                    $"The {role} certificate '{certificate.Subject}' is not valid before {notBefore:u}.");
            }

            if (now > notAfter)
            {
                return new CertificateFailure(CertificateFailureReason.Expired,
                    $"The {role} certificate '{certificate.Subject}' expired at {notAfter:u}.");
            }
        }

        return null;
    }

    // RFC 5280 §4.2.1.9: an end-entity certificate used for client authentication must not be a CA.
    public static CertificateFailure? CheckLeafBasicConstraints(X509Certificate2 leaf)
    {
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509BasicConstraintsExtension { CertificateAuthority: true })
            {
                return new CertificateFailure(CertificateFailureReason.InvalidBasicConstraints,
                    "The client certificate is a CA certificate (basicConstraints CA:true).");
            }
        }

        return null;
    }

    // SHA-1/MD5 collisions make such signatures forgeable; the root's self-signature is not relied upon.
    public static CertificateFailure? CheckSignatureAlgorithms(IReadOnlyList<X509Certificate2> chain, bool allowSha1)
    {
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var oid = chain[i].SignatureAlgorithm.Value;
            var isSha1 = oid is Oids.Sha1WithRsa or Oids.Sha1WithRsaOiw or Oids.EcdsaWithSha1 or Oids.DsaWithSha1;
            if (SignedDataVerifier.IsWeakSignatureAlgorithm(oid) && !(allowSha1 && isSha1))
            {
                return new CertificateFailure(CertificateFailureReason.WeakSignatureAlgorithm,
                    $"The {Role(i, chain.Count)} certificate '{chain[i].Subject}' is signed with a weak algorithm ({chain[i].SignatureAlgorithm.FriendlyName ?? oid}).");
            }
        }

        return null;
    }

    public static CertificateFailure? CheckKeySizes(IReadOnlyList<X509Certificate2> chain, ClientCertificateValidationOptions options)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var (kind, size) = GetKeySize(chain[i]);
            var minimum = kind switch
            {
                "RSA" => options.MinimumRsaKeySize,
                "EC" => options.MinimumEcKeySize,
                "unreadable" => 1,
                _ => 0,
            };
            if (size < minimum)
            {
                return new CertificateFailure(CertificateFailureReason.WeakKey,
                    $"The {Role(i, chain.Count)} certificate '{chain[i].Subject}' has a {size}-bit {kind} key; at least {minimum} bits are required.");
            }
        }

        return null;
    }

    // RFC 5280 §4.2.1.12. AD FS requires the client-authentication EKU; see ClientCertificateValidationOptions.
    public static CertificateFailure? CheckExtendedKeyUsage(X509Certificate2 leaf, bool requireClientAuthentication)
    {
        X509EnhancedKeyUsageExtension? eku = null;
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension found)
            {
                eku = found;
            }
        }

        if (eku is null)
        {
            return requireClientAuthentication
                ? new CertificateFailure(CertificateFailureReason.NotForClientAuthentication,
                    "The client certificate has no extended key usage; client authentication (1.3.6.1.5.5.7.3.2) is required.")
                : null;
        }

        foreach (var oid in eku.EnhancedKeyUsages)
        {
            if (oid.Value == Oids.ClientAuthentication)
            {
                return null;
            }
        }

        return new CertificateFailure(CertificateFailureReason.NotForClientAuthentication,
            "The client certificate's extended key usage does not include client authentication (1.3.6.1.5.5.7.3.2).");
    }

    public static string Role(int index, int count) => index == 0 ? "client" : index == count - 1 ? "root CA" : "intermediate CA";

    private static (string Kind, int Size) GetKeySize(X509Certificate2 certificate)
    {
        try
        {
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is not null)
            {
                return ("RSA", rsa.KeySize);
            }

            using var ecdsa = certificate.GetECDsaPublicKey();
            if (ecdsa is not null)
            {
                return ("EC", ecdsa.KeySize);
            }
        }
        catch (CryptographicException)
        {
            return ("unreadable", 0);
        }

        return ("other", int.MaxValue);
    }
}
