using System.Security.Cryptography;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>ECDSA with SHA-384 for <c>SignedXml</c>.</summary>
public sealed class EcdsaSha384SignatureDescription() : EcdsaSignatureDescription(HashAlgorithmName.SHA384);
