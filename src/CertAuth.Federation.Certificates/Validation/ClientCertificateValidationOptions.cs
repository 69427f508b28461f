namespace CertAuth.Federation.Certificates.Validation;

/// <summary>Client certificate rules (configuration section suggestion: <c>Federation:ClientCertificates</c>).</summary>
public sealed class ClientCertificateValidationOptions
{
    /// <summary>Minimum RSA modulus size for every certificate in the chain. Default 2048.</summary>
    public int MinimumRsaKeySize { get; set; } = 2048;

    /// <summary>Minimum EC key size for every certificate in the chain. Default 256.</summary>
    public int MinimumEcKeySize { get; set; } = 256;

    /// <summary>Accept SHA-1 signed leaf/intermediate certificates. Default false. MD5/MD2 are never accepted.</summary>
    public bool AllowSha1 { get; set; }

    /// <summary>
    /// Require the leaf's EKU extension to exist and contain client authentication (1.3.6.1.5.5.7.3.2), as AD FS does.
    /// Default true. When false, a leaf without an EKU extension is accepted; a leaf whose EKU extension lacks client
    /// authentication is always rejected (RFC 5280 §4.2.1.12). anyExtendedKeyUsage is not accepted as a substitute.
    /// </summary>
    public bool RequireClientAuthenticationEku { get; set; } = true;

    /// <summary>
    /// How many successful chain validations (per leaf and presented path) are kept in memory so a repeat sign-in skips the
    /// chain build. Revocation is still checked on every sign-in; see <see cref="ValidatedChainCache"/> for what
    /// invalidates an entry. Default 4096; 0 turns the cache off.
    /// </summary>
    public int ChainCacheSize { get; set; } = 4096;
}
