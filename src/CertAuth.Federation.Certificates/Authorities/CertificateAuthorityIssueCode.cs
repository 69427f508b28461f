namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>Problems found by <see cref="CertificateAuthorityInspector"/>. Stable values.</summary>
public enum CertificateAuthorityIssueCode
{
    /// <summary>Not a DER or PEM certificate (error).</summary>
    Unreadable = 1,

    /// <summary>basicConstraints is missing or CA:false (error).</summary>
    NotACertificateAuthority = 2,

    /// <summary>A root must be self-issued (subject = issuer) (error).</summary>
    RootNotSelfSigned = 3,

    /// <summary>The root's self-signature does not verify (error).</summary>
    SelfSignatureInvalid = 4,

    /// <summary>The certificate has expired (error).</summary>
    Expired = 5,

    /// <summary>The certificate is not valid yet (warning).</summary>
    NotYetValid = 6,

    /// <summary>The certificate expires within 30 days (warning).</summary>
    ExpiresSoon = 7,

    /// <summary>An intermediate is self-signed: it is probably a root (warning).</summary>
    IntermediateIsSelfSigned = 8,

    /// <summary>The certificate has no SKI extension; the SKI was computed from the key (warning).</summary>
    NoSubjectKeyIdentifier = 9,

    /// <summary>The configured TrustedIssuer/TrustedIssuerSki does not match the certificate (error).</summary>
    TrustedIssuerMismatch = 10,
}
