using System.Security.Cryptography;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>ECDSA with SHA-256 for <c>SignedXml</c>.</summary>
public sealed class EcdsaSha256SignatureDescription() : EcdsaSignatureDescription(HashAlgorithmName.SHA256);
