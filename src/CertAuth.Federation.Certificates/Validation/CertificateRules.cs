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

    // Checked on the presented certificate before the chain is built: a key type outside the policy is refused by its
    // OID alone (and OpenSSL's chain build throws on a key it cannot decode, e.g. an unknown algorithm or Ed448).
    public static CertificateFailure? CheckLeafKeyAlgorithm(X509Certificate2 leaf)
    {
        var oid = leaf.PublicKey.Oid.Value;
        return oid is RsaEncryption or RsaPss or EcPublicKey
            ? null
            : new CertificateFailure(CertificateFailureReason.UnsupportedKeyAlgorithm,
                $"The client certificate '{leaf.Subject}' has a {KeyAlgorithmName(oid)} key; the key policy accepts RSA and EC keys only.");
    }

    // The key policy names RSA (MinimumRsaKeySize) and EC (MinimumEcKeySize) keys; every other key type (DSA,
    // Ed25519/Ed448, X25519/X448, unknown OIDs) is refused by its algorithm OID, for the leaf and every CA in the chain.
    public static CertificateFailure? CheckKeySizes(IReadOnlyList<X509Certificate2> chain, ClientCertificateValidationOptions options)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var (kind, size) = GetKeySize(chain[i]);
            int minimum;
            switch (kind)
            {
                case "RSA":
                    minimum = options.MinimumRsaKeySize;
                    break;
                case "EC":
                    minimum = options.MinimumEcKeySize;
                    break;
                case "unreadable":
                    minimum = 1;
                    break;
                default:
                    return new CertificateFailure(CertificateFailureReason.UnsupportedKeyAlgorithm,
                        $"The {Role(i, chain.Count)} certificate '{chain[i].Subject}' has a {kind} key; the key policy accepts RSA and EC keys only.");
            }

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

    // The key size is read from the certificate's SubjectPublicKeyInfo (RFC 3279 §2.3.1 RSAPublicKey modulus, RFC 5480
    // §2.1.1.1 named curve) without importing the key into a crypto-provider object, which cost as much per sign-in as
    // the chain build (docs/performance.md). RSASSA-PSS keys and EC keys on other curves (or with explicit parameters)
    // go through the import. Any other algorithm OID is returned as its name with size 0 and is refused by the policy;
    // it is never imported.
    internal static (string Kind, int Size) GetKeySize(X509Certificate2 certificate)
    {
        try
        {
            var key = certificate.PublicKey;
            switch (key.Oid.Value)
            {
                case RsaEncryption:
                    return ("RSA", RsaModulusBits(key.EncodedKeyValue.RawData));
                case RsaPss:
                {
                    using var rsa = certificate.GetRSAPublicKey();
                    return rsa is null ? ("unreadable", 0) : ("RSA", rsa.KeySize);
                }

                case EcPublicKey:
                {
                    if (NamedCurveBits(key.EncodedParameters?.RawData ?? []) is int bits)
                    {
                        return ("EC", bits);
                    }

                    using var ecdsa = certificate.GetECDsaPublicKey();
                    return ecdsa is null ? ("unreadable", 0) : ("EC", ecdsa.KeySize);
                }

                default:
                    return (KeyAlgorithmName(key.Oid.Value), 0);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            return ("unreadable", 0);
        }
    }

    private static string KeyAlgorithmName(string? oid) => oid switch
    {
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.3.132.1.12" => "ECDH-only (id-ecDH)",
        "1.3.132.1.13" => "ECMQV-only (id-ecMQV)",
        _ => $"unknown ({oid ?? "no OID"})",
    };

    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string RsaPss = "1.2.840.113549.1.1.10";
    private const string EcPublicKey = "1.2.840.10045.2.1";

    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (DER, nothing after it). A modulus that is
    // not positive, or a key that does not parse, is unreadable (0 bits), as the key import would have made it.
    private static int RsaModulusBits(byte[] rsaPublicKey)
    {
        var reader = new System.Formats.Asn1.AsnReader(rsaPublicKey, System.Formats.Asn1.AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var modulus = sequence.ReadIntegerBytes().Span;
        var exponent = sequence.ReadIntegerBytes().Span;
        sequence.ThrowIfNotEmpty();
        if (modulus[0] >= 0x80 || exponent[0] >= 0x80 || (modulus.Length == 1 && modulus[0] == 0))
        {
            return 0;
        }

        // DER integers are minimal: only a leading 0x00 that keeps the sign positive.
        if (modulus[0] == 0)
        {
            modulus = modulus[1..];
        }

        return ((modulus.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
    }

    // ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER, ... }: P-256, P-384, P-521; null for anything else.
    private static int? NamedCurveBits(byte[] parameters)
    {
        if (parameters.Length == 0 || parameters[0] != 0x06)
        {
            return null;
        }

        var reader = new System.Formats.Asn1.AsnReader(parameters, System.Formats.Asn1.AsnEncodingRules.DER);
        var curve = reader.ReadObjectIdentifier();
        reader.ThrowIfNotEmpty();
        return curve switch
        {
            "1.2.840.10045.3.1.7" => 256,
            "1.3.132.0.34" => 384,
            "1.3.132.0.35" => 521,
            _ => null,
        };
    }
}
