namespace CertAuth.Federation.Pki;

/// <summary>Key algorithm for generated certificates.</summary>
public enum PkiKeyAlgorithm
{
    /// <summary>RSA (2048 bits unless stated), signatures RSA PKCS#1 v1.5.</summary>
    Rsa = 0,

    /// <summary>ECDSA on NIST P-256.</summary>
    EcdsaP256 = 1,

    /// <summary>
    /// DSA (2048 bits), for user certificates only: a key type the client-certificate key policy refuses
    /// (CertificateFailureReason.UnsupportedKeyAlgorithm), so tests can present one.
    /// </summary>
    Dsa = 2,
}
