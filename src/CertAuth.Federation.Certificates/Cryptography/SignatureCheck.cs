namespace CertAuth.Federation.Certificates.Cryptography;

/// <summary>Outcome of verifying a signature over DER-encoded data.</summary>
internal enum SignatureCheck
{
    Valid,
    Invalid,
    WeakAlgorithm,
    UnsupportedAlgorithm,
}
