using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Testing.Pki;

/// <summary>
/// Signs with SHA-1 (RSA PKCS#1 v1.5 or ECDSA), which the built-in generators refuse. Exists only so tests can prove
/// SHA-1 certificates and CRLs are rejected; never used by default.
/// </summary>
public sealed class Sha1SignatureGenerator : X509SignatureGenerator
{
    private readonly AsymmetricAlgorithm _key;
    private readonly X509SignatureGenerator _inner;

    public Sha1SignatureGenerator(AsymmetricAlgorithm key)
    {
        _key = key;
        _inner = key switch
        {
            RSA rsa => CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => CreateForECDsa(ecdsa),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (_key is RSA)
            {
                writer.WriteObjectIdentifier(Oids.Sha1WithRsa);
                writer.WriteNull();
            }
            else
            {
                writer.WriteObjectIdentifier(Oids.EcdsaWithSha1);
            }
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => _key switch
    {
        RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => ecdsa.SignData(data, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence),
        _ => throw new InvalidOperationException(),
    };

    protected override PublicKey BuildPublicKey() => _inner.PublicKey;
}
