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
}
