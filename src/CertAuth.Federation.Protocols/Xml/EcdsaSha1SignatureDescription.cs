using System.Security.Cryptography;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>ECDSA with SHA-1 for <c>SignedXml</c> (only reachable when SHA-1 is explicitly allowed).</summary>
public sealed class EcdsaSha1SignatureDescription() : EcdsaSignatureDescription(HashAlgorithmName.SHA1);
