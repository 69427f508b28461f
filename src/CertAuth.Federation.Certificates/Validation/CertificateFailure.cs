namespace CertAuth.Federation.Certificates.Validation;

/// <summary>A typed rejection with a detail string that is safe to log (no key material).</summary>
/// <param name="Reason">The stable reason; tests and error pages use it, never the text.</param>
/// <param name="Detail">Human-readable detail for logs and administrators.</param>
public sealed record CertificateFailure(CertificateFailureReason Reason, string Detail)
{
    /// <summary>A stable error code, e.g. <c>CERT_REVOKED</c>.</summary>
    public string Code => Reason switch
    {
        CertificateFailureReason.NotTrusted => "CERT_NOT_TRUSTED",
        CertificateFailureReason.Expired => "CERT_EXPIRED",
        CertificateFailureReason.NotYetValid => "CERT_NOT_YET_VALID",
        CertificateFailureReason.NotForClientAuthentication => "CERT_NOT_FOR_CLIENT_AUTH",
        CertificateFailureReason.Revoked => "CERT_REVOKED",
        CertificateFailureReason.RevocationUnknown => "CERT_REVOCATION_UNKNOWN",
        CertificateFailureReason.InvalidBasicConstraints => "CERT_INVALID_BASIC_CONSTRAINTS",
        CertificateFailureReason.WeakKey => "CERT_WEAK_KEY",
        CertificateFailureReason.WeakSignatureAlgorithm => "CERT_WEAK_SIGNATURE_ALGORITHM",
        CertificateFailureReason.UnsupportedKeyAlgorithm => "CERT_UNSUPPORTED_KEY_ALGORITHM",
        _ => "CERT_INVALID_CHAIN",
    };
}
