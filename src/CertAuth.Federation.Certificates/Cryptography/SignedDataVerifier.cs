using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Certificates.Cryptography;

/// <summary>
/// Verifies an X.509-style signature (to-be-signed bytes, AlgorithmIdentifier, signature value) with a certificate's
/// public key: RSA PKCS#1 v1.5 and RSA-PSS (salt = hash length) with SHA-256/384/512, ECDSA with SHA-256/384/512;
/// SHA-1 only when allowed; MD5/MD2 never.
/// </summary>
internal static class SignedDataVerifier
{
    /// <summary>Returns true for SHA-1, MD5 and MD2 based signature algorithms.</summary>
    public static bool IsWeakSignatureAlgorithm(string? oid) => oid is Oids.Md2WithRsa or Oids.Md5WithRsa
        or Oids.Sha1WithRsa or Oids.Sha1WithRsaOiw or Oids.EcdsaWithSha1 or Oids.DsaWithSha1;

    public static SignatureCheck Verify(
        ReadOnlySpan<byte> signedData,
        ReadOnlyMemory<byte> algorithmIdentifier,
        ReadOnlySpan<byte> signature,
        X509Certificate2 signer,
        bool allowSha1)
    {
        string oid;
        ReadOnlyMemory<byte>? parameters;
        try
        {
            (oid, parameters) = ReadAlgorithmIdentifier(algorithmIdentifier);
        }
        catch (AsnContentException)
        {
            return SignatureCheck.UnsupportedAlgorithm;
        }

        if (oid is Oids.Md2WithRsa or Oids.Md5WithRsa or Oids.DsaWithSha1)
        {
            return SignatureCheck.WeakAlgorithm;
        }

        if (IsWeakSignatureAlgorithm(oid) && !allowSha1)
        {
            return SignatureCheck.WeakAlgorithm;
        }

        try
        {
            return oid switch
            {
                Oids.Sha1WithRsa or Oids.Sha1WithRsaOiw => VerifyRsa(signedData, signature, signer, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
                Oids.Sha256WithRsa => VerifyRsa(signedData, signature, signer, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                Oids.Sha384WithRsa => VerifyRsa(signedData, signature, signer, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
                Oids.Sha512WithRsa => VerifyRsa(signedData, signature, signer, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
                Oids.RsaPss => VerifyPss(signedData, signature, signer, parameters, allowSha1),
                Oids.EcdsaWithSha1 => VerifyEcdsa(signedData, signature, signer, HashAlgorithmName.SHA1),
                Oids.EcdsaWithSha256 => VerifyEcdsa(signedData, signature, signer, HashAlgorithmName.SHA256),
                Oids.EcdsaWithSha384 => VerifyEcdsa(signedData, signature, signer, HashAlgorithmName.SHA384),
                Oids.EcdsaWithSha512 => VerifyEcdsa(signedData, signature, signer, HashAlgorithmName.SHA512),
                _ => SignatureCheck.UnsupportedAlgorithm,
            };
        }
        catch (CryptographicException)
        {
            return SignatureCheck.Invalid;
        }
        catch (AsnContentException)
        {
            return SignatureCheck.UnsupportedAlgorithm;
        }
    }

    /// <summary>Verifies the signature of a DER certificate with <paramref name="signer"/>'s key (used for self-signatures).</summary>
    public static SignatureCheck VerifyCertificate(X509Certificate2 certificate, X509Certificate2 signer, bool allowSha1)
    {
        try
        {
            var reader = new AsnReader(certificate.RawDataMemory, AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadEncodedValue();
            var signature = outer.ReadBitString(out _);
            return Verify(tbs.Span, algorithm, signature, signer, allowSha1);
        }
        catch (AsnContentException)
        {
            return SignatureCheck.Invalid;
        }
    }

    public static (string Oid, ReadOnlyMemory<byte>? Parameters) ReadAlgorithmIdentifier(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var oid = sequence.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = sequence.HasData ? sequence.ReadEncodedValue() : null;
        sequence.ThrowIfNotEmpty();
        return (oid, parameters);
    }

    private static SignatureCheck VerifyRsa(
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, X509Certificate2 signer, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var rsa = signer.GetRSAPublicKey();
        if (rsa is null)
        {
            return SignatureCheck.Invalid;
        }

        return rsa.VerifyData(data, signature, hash, padding) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    private static SignatureCheck VerifyEcdsa(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, X509Certificate2 signer, HashAlgorithmName hash)
    {
        using var ecdsa = signer.GetECDsaPublicKey();
        if (ecdsa is null)
        {
            return SignatureCheck.Invalid;
        }

        return ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    // RFC 4055 §3.1: RSASSA-PSS-params. Only the common profile is accepted: MGF1 with the same hash, salt = hash length.
    private static SignatureCheck VerifyPss(
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, X509Certificate2 signer, ReadOnlyMemory<byte>? parameters, bool allowSha1)
    {
        if (parameters is null)
        {
            return SignatureCheck.UnsupportedAlgorithm;
        }

        var reader = new AsnReader(parameters.Value, AsnEncodingRules.DER).ReadSequence();
        var hashOid = Oids.Sha1;
        var mgfHashOid = Oids.Sha1;
        var saltLength = 20;
        var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var mgfTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        var saltTag = new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true);
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(hashTag))
        {
            hashOid = ReadAlgorithmIdentifier(reader.ReadSequence(hashTag).ReadEncodedValue()).Oid;
        }

        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(mgfTag))
        {
            var (mgfOid, mgfParameters) = ReadAlgorithmIdentifier(reader.ReadSequence(mgfTag).ReadEncodedValue());
            if (mgfOid != Oids.Mgf1 || mgfParameters is null)
            {
                return SignatureCheck.UnsupportedAlgorithm;
            }

            mgfHashOid = ReadAlgorithmIdentifier(mgfParameters.Value).Oid;
        }

        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(saltTag))
        {
            if (!reader.ReadSequence(saltTag).TryReadInt32(out saltLength))
            {
                return SignatureCheck.UnsupportedAlgorithm;
            }
        }

        (HashAlgorithmName Name, int Length)? hash = hashOid switch
        {
            Oids.Sha1 => (HashAlgorithmName.SHA1, 20),
            Oids.Sha256 => (HashAlgorithmName.SHA256, 32),
            Oids.Sha384 => (HashAlgorithmName.SHA384, 48),
            Oids.Sha512 => (HashAlgorithmName.SHA512, 64),
            _ => null,
        };
        if (hash is null || mgfHashOid != hashOid || saltLength != hash.Value.Length)
        {
            return SignatureCheck.UnsupportedAlgorithm;
        }

        if (hashOid == Oids.Sha1 && !allowSha1)
        {
            return SignatureCheck.WeakAlgorithm;
        }

        return VerifyRsa(data, signature, signer, hash.Value.Name, RSASignaturePadding.Pss);
    }
}
