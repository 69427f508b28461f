using System.Security.Cryptography;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>ECDSA with SHA-512 for <c>SignedXml</c>.</summary>
public sealed class EcdsaSha512SignatureDescription() : EcdsaSignatureDescription(HashAlgorithmName.SHA512);
