using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>The token service's file-based key material, loaded (or generated) once at start-up.</summary>
/// <param name="JwtSigning">
/// A fixed key that signs access and id tokens (<c>TokenService:JwtSigningCertificate</c>, or a host's own); null (the
/// default): the keys in the database, see <see cref="ITokenSigningKeys"/>.
/// </param>
/// <param name="RequestSigning">Signs AuthnRequests (with private key); its public part goes to the federation server.</param>
/// <param name="Tls">TLS server certificate, when Kestrel is configured by the token service.</param>
public sealed record TokenServiceKeys(TokenSigningKey? JwtSigning, X509Certificate2 RequestSigning, X509Certificate2? Tls);
