namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>What kind of certificate a revocation check is for: a CRL scoped by its Issuing Distribution Point decides only for its kind.</summary>
public enum CertificateKind
{
    /// <summary>An end-entity (user) certificate.</summary>
    EndEntity = 0,

    /// <summary>A CA certificate (an intermediate checked against its parent's CRL).</summary>
    CertificateAuthority = 1,
}
