using System.Security.Cryptography;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Teaches <c>SignedXml</c> the XML-DSig ECDSA methods (RFC 4051), which it does not know out of the box.
/// Public only because CryptoConfig requires it. Registered once per process by <see cref="EcdsaSignatureRegistration"/>.
/// </summary>
public abstract class EcdsaSignatureDescription : SignatureDescription
{
    private readonly HashAlgorithmName _hash;

    /// <summary>Creates a description for the given hash.</summary>
    protected EcdsaSignatureDescription(HashAlgorithmName hash)
    {
        _hash = hash;
        KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
    }

    /// <inheritdoc />
    public override HashAlgorithm CreateDigest() => _hash.Name switch
    {
        "SHA256" => SHA256.Create(),
        "SHA384" => SHA384.Create(),
        "SHA512" => SHA512.Create(),
        _ => SHA1.Create(),
    };

    /// <inheritdoc />
    public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter(key);

    /// <inheritdoc />
    public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter(key);

    private static ECDsa AsEcdsa(AsymmetricAlgorithm? key) =>
        key as ECDsa ?? throw new CryptographicException("An ECDSA signature method requires an ECDSA key.");

    private sealed class Formatter(AsymmetricAlgorithm key) : AsymmetricSignatureFormatter
    {
        private ECDsa _key = AsEcdsa(key);

        public override void SetKey(AsymmetricAlgorithm key) => _key = AsEcdsa(key);

        public override void SetHashAlgorithm(string strName)
        {
        }

        public override byte[] CreateSignature(byte[] rgbHash) =>
            _key.SignHash(rgbHash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private sealed class Deformatter(AsymmetricAlgorithm key) : AsymmetricSignatureDeformatter
    {
        private ECDsa _key = AsEcdsa(key);

        public override void SetKey(AsymmetricAlgorithm key) => _key = AsEcdsa(key);

        public override void SetHashAlgorithm(string strName)
        {
        }

        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) =>
            _key.VerifyHash(rgbHash, rgbSignature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
