using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>The token service's key material, loaded (or generated) once at start-up.</summary>
/// <param name="JwtSigning">Signs access and id tokens.</param>
/// <param name="RequestSigning">Signs AuthnRequests (with private key); its public part goes to the federation server.</param>
/// <param name="Tls">TLS server certificate, when Kestrel is configured by the token service.</param>
public sealed record TokenServiceKeys(TokenSigningKey JwtSigning, X509Certificate2 RequestSigning, X509Certificate2? Tls);
