namespace CertAuth.Federation.Certificates.Validation;

/// <summary>Why a client certificate was rejected. Values are stable (error codes, audit, error pages).</summary>
public enum CertificateFailureReason
{
    /// <summary>No chain to a configured root, an unconfigured CA in the chain, or a TrustedIssuer/TrustedIssuerSki mismatch. Cf. AADSTS500176.</summary>
    NotTrusted = 1,

    /// <summary>The certificate (or a CA in its chain) is past notAfter. Cf. AADSTS500172.</summary>
    Expired = 2,

    /// <summary>The certificate (or a CA in its chain) is before notBefore. Cf. AADSTS500172.</summary>
    NotYetValid = 3,

    /// <summary>The EKU extension lacks client authentication (or is missing while required).</summary>
    NotForClientAuthentication = 4,

    /// <summary>The certificate or an intermediate is on its CA's CRL. Cf. AADSTS500171.</summary>
    Revoked = 5,

    /// <summary>No valid CRL could be obtained for a CA that has one configured (fail closed). Cf. AADSTS500173/500179.</summary>
    RevocationUnknown = 6,

    /// <summary>The leaf claims CA:true, or a path length constraint is violated.</summary>
    InvalidBasicConstraints = 7,

    /// <summary>An RSA key below the configured minimum (or an EC key below 256 bits).</summary>
    WeakKey = 8,

    /// <summary>The leaf or an intermediate is signed with SHA-1/MD5 while not allowed.</summary>
    WeakSignatureAlgorithm = 9,

    /// <summary>Any other chain problem (bad signature, malformed, unsupported critical extension...).</summary>
    InvalidChain = 10,

    /// <summary>
    /// A certificate in the chain has a key type the key policy does not name (only RSA and EC keys are accepted; DSA,
    /// Ed25519/Ed448, X25519/X448 and unknown algorithm OIDs are refused). Issue 11, item 5.
    /// </summary>
    UnsupportedKeyAlgorithm = 11,
}
