namespace CertAuth.Federation.Server.Errors;

/// <summary>
/// Every way a sign-in at the federation server can fail. The numeric value is the stable code shown to people
/// (as <c>CAF</c> + number), written to logs, and used by the error pages; never renumber.
/// </summary>
public enum SignInErrorCode
{
    /// <summary>The browser presented no client certificate.</summary>
    NoCertificate = 1001,

    /// <summary>The certificate does not chain to a configured trusted CA.</summary>
    CertificateNotTrusted = 1002,

    /// <summary>The certificate's NotAfter has passed.</summary>
    CertificateExpired = 1003,

    /// <summary>The certificate's NotBefore is in the future.</summary>
    CertificateNotYetValid = 1004,

    /// <summary>The certificate is on its CA's CRL.</summary>
    CertificateRevoked = 1005,

    /// <summary>The certificate lacks the client-authentication EKU.</summary>
    CertificateNotForClientAuthentication = 1006,

    /// <summary>No valid CRL could be obtained for the issuing CA (fail closed).</summary>
    RevocationStatusUnknown = 1007,

    /// <summary>The certificate breaks a policy: weak key, weak signature, CA flag on a user certificate, bad chain.</summary>
    CertificatePolicyViolation = 1008,

    /// <summary>The certificate carries no UPN or e-mail that matches a directory user.</summary>
    UserNotFound = 1101,

    /// <summary>The matching user is disabled.</summary>
    UserDisabled = 1102,

    /// <summary>The request names a relying party that is not trusted (or is disabled).</summary>
    RelyingPartyUnknown = 1201,

    /// <summary>The request is malformed, too large, or breaks the protocol.</summary>
    RequestInvalid = 1202,

    /// <summary>The request's signature is missing (when required) or does not verify.</summary>
    RequestSignatureInvalid = 1203,

    /// <summary>The sign-in took too long or its context was tampered with; start again.</summary>
    SignInContextInvalid = 1204,

    /// <summary>The assertion consumer service URL is not registered for the relying party.</summary>
    AssertionConsumerServiceNotAllowed = 1205,

    /// <summary>Single logout: the LogoutRequest's issuer is no enabled SAML 2.0 trust with a SingleLogoutService.</summary>
    LogoutIssuerUnknown = 1211,

    /// <summary>Single logout: the LogoutRequest is unsigned, its signature does not verify with the trust's key, or it uses SHA-1.</summary>
    LogoutSignatureInvalid = 1212,

    /// <summary>Single logout: the LogoutRequest's IssueInstant is outside the window, its NotOnOrAfter has passed, or its ID was already used.</summary>
    LogoutRequestStale = 1213,

    /// <summary>Single logout: the LogoutRequest is malformed or names another Destination, or the logout in progress expired.</summary>
    LogoutRequestInvalid = 1214,

    /// <summary>The server is too busy to take the sign-in now (HTTP 429); try again shortly.</summary>
    ServerBusy = 1301,

    /// <summary>The server cannot reach its database right now (HTTP 503, issue 13); try again shortly.</summary>
    StoreUnavailable = 1302,

    /// <summary>An unexpected server fault (logged with the correlation id).</summary>
    ServerError = 1901,
}
