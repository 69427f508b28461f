namespace CertAuth.Federation.Server.Hosting;

/// <summary>Set on a request from a trusted proxy that carried a <c>Client-Cert</c> header.</summary>
/// <param name="Malformed">The header could not be read as one DER certificate; the sign-in is refused with CAF1202.</param>
public sealed record ForwardedClientCertificateFeature(bool Malformed);
