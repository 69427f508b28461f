using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Cli.Certificates;

/// <summary>
/// Verifies a certificate's signature with a given issuer key (RFC 5280 §4.1.1.3: the signature over the DER
/// tbsCertificate). Used for the self-signature of a root; supports RSA PKCS#1 v1.5, RSA-PSS and ECDSA.
/// </summary>
internal static class CertificateSignatureVerifier
{
    /// <summary>True when the signature verifies; null when the algorithm or key type is not supported.</summary>
    public static bool? Verify(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        ReadOnlyMemory<byte> tbs;
        string algorithm;
        ReadOnlyMemory<byte>? parameters;
        byte[] signature;
        try
        {
            var reader = new AsnReader(certificate.RawDataMemory, AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            tbs = outer.ReadEncodedValue();
            var algorithmIdentifier = outer.ReadSequence();
            algorithm = algorithmIdentifier.ReadObjectIdentifier();
            parameters = algorithmIdentifier.HasData ? algorithmIdentifier.ReadEncodedValue() : null;
            signature = outer.ReadBitString(out var unused);
            if (unused != 0)
            {
                return false;
            }
        }
        catch (AsnContentException)
        {
            return false;
        }

        return algorithm switch
        {
            "1.2.840.113549.1.1.5" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
            "1.2.840.113549.1.1.11" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "1.2.840.113549.1.1.12" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            "1.2.840.113549.1.1.13" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
            "1.2.840.113549.1.1.10" => PssHash(parameters) is { } pssHash
                ? VerifyRsa(issuer, tbs, signature, pssHash, RSASignaturePadding.Pss)
                : null,
            "1.2.840.10045.4.1" => VerifyEcdsa(issuer, tbs, signature, HashAlgorithmName.SHA1),
            "1.2.840.10045.4.3.2" => VerifyEcdsa(issuer, tbs, signature, HashAlgorithmName.SHA256),
            "1.2.840.10045.4.3.3" => VerifyEcdsa(issuer, tbs, signature, HashAlgorithmName.SHA384),
            "1.2.840.10045.4.3.4" => VerifyEcdsa(issuer, tbs, signature, HashAlgorithmName.SHA512),
            _ => null,
        };
    }

    private static bool? VerifyRsa(X509Certificate2 issuer, ReadOnlyMemory<byte> tbs, byte[] signature, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var key = issuer.GetRSAPublicKey();
        return key?.VerifyData(tbs.Span, signature, hash, padding);
    }

    private static bool? VerifyEcdsa(X509Certificate2 issuer, ReadOnlyMemory<byte> tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.GetECDsaPublicKey();
        return key?.VerifyData(tbs.Span, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>
    /// The hash of RSASSA-PSS parameters (RFC 4055 §3.1) when the salt length equals the hash length, the only
    /// form .NET verifies; null otherwise.
    /// </summary>
    private static HashAlgorithmName? PssHash(ReadOnlyMemory<byte>? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        try
        {
            var sequence = new AsnReader(parameters.Value, AsnEncodingRules.DER).ReadSequence();
            var hash = HashAlgorithmName.SHA1;
            var saltLength = 20;
            var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(hashTag))
            {
                var hashOid = sequence.ReadSequence(hashTag).ReadSequence().ReadObjectIdentifier();
                hash = hashOid switch
                {
                    "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
                    "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
                    "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
                    "1.3.14.3.2.26" => HashAlgorithmName.SHA1,
                    _ => default,
                };
            }

            var maskTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(maskTag))
            {
                sequence.ReadEncodedValue();
            }

            var saltTag = new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true);
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(saltTag))
            {
                var saltReader = sequence.ReadSequence(saltTag);
                if (!saltReader.TryReadInt32(out saltLength))
                {
                    return null;
                }
            }

            var expectedSalt = hash.Name switch
            {
                "SHA1" => 20,
                "SHA256" => 32,
                "SHA384" => 48,
                "SHA512" => 64,
                _ => -1,
            };
            return expectedSalt == saltLength ? hash : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
