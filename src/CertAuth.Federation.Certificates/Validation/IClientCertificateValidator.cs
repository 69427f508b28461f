using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Certificates.Validation;

/// <summary>Validates a client certificate against the configured trusted CAs.</summary>
public interface IClientCertificateValidator
{
    /// <summary>
    /// Validates <paramref name="certificate"/>. <paramref name="presentedChain"/> (certificates sent in the TLS
    /// handshake) is used only as path-building hints, never as trust anchors.
    /// </summary>
    ValueTask<CertificateValidationResult> ValidateAsync(
        X509Certificate2 certificate, X509Certificate2Collection? presentedChain, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ValidateAsync(X509Certificate2, X509Certificate2Collection?, CancellationToken)"/>, recording every
    /// rule into <paramref name="trace"/> when given (same verdict). Implementations that cannot trace validate only.
    /// </summary>
    ValueTask<CertificateValidationResult> ValidateAsync(
        X509Certificate2 certificate, X509Certificate2Collection? presentedChain, CertificateValidationTrace? trace, CancellationToken cancellationToken)
        => ValidateAsync(certificate, presentedChain, cancellationToken);
}
