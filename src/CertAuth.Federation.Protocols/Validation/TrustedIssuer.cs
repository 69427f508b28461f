using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Protocols.Validation;

/// <summary>A party whose assertions we accept, with all its current signing certificates (several during key rollover).</summary>
/// <param name="EntityId">The issuer's entity id, compared ordinally with the message's Issuer.</param>
/// <param name="SigningCertificates">The only keys its signatures are verified with.</param>
public sealed record TrustedIssuer(string EntityId, IReadOnlyList<X509Certificate2> SigningCertificates);
