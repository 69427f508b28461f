using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>Outcome of a successful signature verification.</summary>
/// <param name="SigningCertificate">The caller-supplied trusted certificate whose key verified the signature.</param>
/// <param name="SignatureAlgorithm">The signature method URI that was used.</param>
public sealed record SignatureVerificationResult(X509Certificate2 SigningCertificate, string SignatureAlgorithm);
