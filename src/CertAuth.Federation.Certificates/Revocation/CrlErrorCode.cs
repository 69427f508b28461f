namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Why a CRL could not be obtained or used. Values are stable (persisted and shown by the CLI).</summary>
public enum CrlErrorCode
{
    /// <summary>HTTP failure (connection refused, non-success status, ...). Cf. AADSTS500173.</summary>
    DownloadFailed = 1,

    /// <summary>The download exceeded <see cref="CrlOptions.DownloadTimeout"/>. Cf. AADSTS500179.</summary>
    Timeout = 2,

    /// <summary>The CRL exceeded <see cref="CrlOptions.MaxCrlSizeBytes"/>.</summary>
    TooLarge = 3,

    /// <summary>The body is not a well-formed CRL. Cf. AADSTS500174.</summary>
    Unparsable = 4,

    /// <summary>The signature does not verify with the CA's key, or uses a rejected algorithm. Cf. AADSTS2205015.</summary>
    SignatureInvalid = 5,

    /// <summary>thisUpdate is in the future.</summary>
    NotYetValid = 6,

    /// <summary>nextUpdate has passed (or is missing): the CRL is expired.</summary>
    Stale = 7,

    /// <summary>The CRL Number is lower than the last one seen for this CA (replay of an old CRL).</summary>
    CrlNumberWentBackwards = 8,

    /// <summary>The CRL was issued by another CA (issuer DN or authority key identifier mismatch).</summary>
    WrongIssuer = 9,

    /// <summary>A base CRL was expected but a delta was served, or vice versa, or the delta does not fit the base.</summary>
    WrongCrlKind = 10,

    /// <summary>The CA has no CRL distribution point configured.</summary>
    NotConfigured = 11,

    /// <summary>
    /// The CA has a delta CRL URL but no authentic delta CRL has been obtained (when a download was tried, its own
    /// problem — DownloadFailed, Timeout, SignatureInvalid, Unparsable… — is reported instead). Issue 11: a delta is
    /// never silently skipped.
    /// </summary>
    DeltaCrlMissing = 12,

    /// <summary>The delta CRL's BaseCRLNumber is newer than the base CRL in use (RFC 5280 §5.2.4): a newer base exists that this cache does not have.</summary>
    DeltaCrlBaseTooNew = 13,

    /// <summary>The delta CRL is not newer than the base CRL in use (delta CRL number ≤ base CRL number), or one of them has no CRL number.</summary>
    DeltaCrlNotNewerThanBase = 14,

    /// <summary>The delta CRL's Issuing Distribution Point differs from the base CRL's (RFC 5280 §5.2.4: both must cover the same scope).</summary>
    DeltaCrlScopeMismatch = 15,

    /// <summary>
    /// The CRL's Issuing Distribution Point limits it to a scope that excludes the certificate (onlyContainsCACerts for
    /// an end-entity certificate, onlyContainsUserCerts for a CA, onlyContainsAttributeCerts, onlySomeReasons, indirectCRL):
    /// such a CRL cannot say the certificate is good (RFC 5280 §5.2.5, §6.3.3 (b)).
    /// </summary>
    ScopeExcludesCertificate = 16,

    /// <summary>The CRL (or one of its entries) carries a critical extension this product does not process (RFC 5280 §5.2, §5.3): it is not used.</summary>
    UnsupportedCriticalExtension = 17,

    /// <summary>The downloaded CRL has no CRL number to order it by and its thisUpdate is older than the one already accepted: the older CRL was ignored.</summary>
    ThisUpdateWentBackwards = 18,

    /// <summary>
    /// The serial number to check is not hexadecimal (digits and A-F, optionally separated by spaces or colons): it can
    /// be on no CRL, so nothing can be decided (it used to count as "not on the CRL", i.e. good).
    /// </summary>
    InvalidSerialNumber = 19,
}
