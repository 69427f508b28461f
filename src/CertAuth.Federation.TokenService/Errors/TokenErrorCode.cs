namespace CertAuth.Federation.TokenService.Errors;

/// <summary>
/// Stable error codes of the token service, rendered as <c>CAT{number}</c> in <c>error_description</c>, pages and logs.
/// Numbers follow the Azure AD (AADSTS) code of the same meaning where one exists; values never change.
/// </summary>
public enum TokenErrorCode
{
    /// <summary>A required parameter is missing or repeated, or a value is malformed or too long (AADSTS900144).</summary>
    InvalidRequest = 900144,

    /// <summary>The request body or a parameter exceeds its bound.</summary>
    RequestTooLarge = 900145,

    /// <summary>Unknown or disabled client (AADSTS700016).</summary>
    UnknownClient = 700016,

    /// <summary>Wrong client secret (AADSTS7000215).</summary>
    InvalidClientSecret = 7000215,

    /// <summary>A confidential client did not authenticate (AADSTS7000218).</summary>
    ClientAuthenticationRequired = 7000218,

    /// <summary>redirect_uri is not registered for the client (AADSTS50011).</summary>
    RedirectUriMismatch = 50011,

    /// <summary>response_type other than <c>code</c> (AADSTS700054).</summary>
    UnsupportedResponseType = 700054,

    /// <summary>A scope the client may not request (AADSTS70011).</summary>
    InvalidScope = 70011,

    /// <summary>grant_type not supported or not allowed for the client (AADSTS70003).</summary>
    UnsupportedGrantType = 70003,

    /// <summary>The client may not use this grant type (AADSTS70002 family).</summary>
    GrantNotAllowedForClient = 70002,

    /// <summary>PKCE code_challenge missing or not S256 where required (AADSTS9002325).</summary>
    PkceRequired = 9002325,

    /// <summary>code_verifier does not match the code_challenge (AADSTS501481).</summary>
    PkceVerificationFailed = 501481,

    /// <summary>Unknown or malformed authorization code or refresh token (AADSTS70000).</summary>
    InvalidGrant = 70000,

    /// <summary>The authorization code expired (AADSTS70008).</summary>
    AuthorizationCodeExpired = 70008,

    /// <summary>The authorization code was already redeemed; tokens issued from it are revoked (AADSTS54005).</summary>
    AuthorizationCodeReused = 54005,

    /// <summary>The grant was issued to another client or another redirect_uri (AADSTS70000 family).</summary>
    GrantMismatch = 70001,

    /// <summary>The refresh token expired for inactivity (AADSTS700082).</summary>
    RefreshTokenInactive = 700082,

    /// <summary>The refresh token family reached its absolute lifetime.</summary>
    RefreshTokenExpired = 700084,

    /// <summary>A rotated (already used) refresh token was presented: the whole family is revoked.</summary>
    RefreshTokenReused = 700085,

    /// <summary>The refresh token was revoked (family revoked earlier).</summary>
    RefreshTokenRevoked = 700086,

    /// <summary>The user's sessions were revoked after this sign-in (StsRefreshTokensValidFrom; AADSTS50173).</summary>
    SessionsRevoked = 50173,

    /// <summary>The user is disabled or unknown (AADSTS50057).</summary>
    UserDisabled = 50057,

    /// <summary>The sign-in certificate is on its CA's CRL with an effective date after the sign-in (AADSTS500171).</summary>
    CertificateRevoked = 500171,

    /// <summary>The CRL could not be downloaded (AADSTS500173).</summary>
    CrlDownloadFailed = 500173,

    /// <summary>The CRL could not be parsed (AADSTS500174).</summary>
    CrlUnparsable = 500174,

    /// <summary>The CA that issued the sign-in certificate is not configured (AADSTS500176).</summary>
    CertificateAuthorityNotConfigured = 500176,

    /// <summary>
    /// The sign-in carries no parsable certificate serial number (hex) or issuer DN (or an unparsable authority key
    /// identifier), so its revocation could never be checked at refresh: no code or refresh token is issued for it, and
    /// a stored grant without them is refused.
    /// </summary>
    CertificateClaimsMissing = 500177,

    /// <summary>Several configured CAs share the certificate's issuer DN and the sign-in carries no authority key identifier to tell them apart.</summary>
    CertificateAuthorityAmbiguous = 500175,

    /// <summary>No valid CRL is available (expired, not yet valid, replayed or of the wrong kind) and no grace applies.</summary>
    CrlUnavailable = 500178,

    /// <summary>The CRL download timed out (AADSTS500179).</summary>
    CrlTimeout = 500179,

    /// <summary>The CRL's signature does not verify with the CA's key, or it is another CA's CRL (AADSTS2205015).</summary>
    CrlSignatureInvalid = 2205015,

    /// <summary>The SAML message or assertion is invalid (typed reason in the detail; AADSTS50008).</summary>
    SamlInvalid = 50008,

    /// <summary>The SAML issuer is not a trusted federation server (AADSTS50107).</summary>
    SamlUntrustedIssuer = 50107,

    /// <summary>The SAML signature is missing, invalid, weak or made with an untrusted key (AADSTS50006).</summary>
    SamlSignatureInvalid = 50006,

    /// <summary>The SAML response is not addressed to us: Destination, Recipient or Audience (AADSTS50010 family).</summary>
    SamlWrongAudience = 50010,

    /// <summary>The SAML assertion is expired or not yet valid (AADSTS50133 family).</summary>
    SamlNotTimeValid = 50133,

    /// <summary>No matching request from this browser, or an unsolicited response that is not allowed (AADSTS750054 family).</summary>
    SamlNoPendingRequest = 750054,

    /// <summary>An unsolicited (IdP-initiated) response names a public client: without PKCE its code could not be bound to the client.</summary>
    UnsolicitedPublicClient = 750056,

    /// <summary>The SAML assertion was presented before (AADSTS50132 family).</summary>
    SamlReplay = 50132,

    /// <summary>The federation server answered with a non-Success status.</summary>
    SamlStatusNotSuccess = 50105,

    /// <summary>Too many requests from this client address; retry after the <c>Retry-After</c> seconds (AADSTS90055).</summary>
    Throttled = 90055,

    /// <summary>The token service cannot reach its database right now (HTTP 503, issue 13); a transient error, try again (AADSTS90033).</summary>
    StoreUnavailable = 90033,

    /// <summary>
    /// <c>/oauth2/userinfo</c>: the bearer access token is malformed, not signed by this token service, expired, or its
    /// sign-in's refresh-token family is revoked (RFC 6750 <c>invalid_token</c>; no AADSTS equivalent).
    /// </summary>
    AccessTokenInvalid = 700190,

    /// <summary>
    /// <c>/oauth2/introspect</c> was called by a public client: only confidential clients, which authenticate, may
    /// introspect (RFC 7662 §2.1; answered 401 <c>invalid_client</c>; no AADSTS equivalent).
    /// </summary>
    IntrospectionRequiresConfidentialClient = 700290,

    /// <summary>
    /// <c>/oauth2/logout</c>: the <c>id_token_hint</c> is malformed, not signed by a published key of this token service,
    /// of another issuer, not an id token, or its audience is not a registered client (an expired hint is accepted).
    /// </summary>
    IdTokenHintInvalid = 700391,

    /// <summary><c>/oauth2/logout</c>: <c>post_logout_redirect_uri</c> is not registered (exactly) for the client.</summary>
    PostLogoutRedirectUriMismatch = 700392,

    /// <summary><c>/oauth2/logout</c>: <c>client_id</c> differs from the audience of the <c>id_token_hint</c>.</summary>
    EndSessionClientMismatch = 700393,

    /// <summary>
    /// <c>/oauth2/logout/callback</c>: no pending logout from this browser, or its sealed state was altered, belongs to
    /// another purpose or expired.
    /// </summary>
    LogoutStateInvalid = 700394,

    /// <summary>Not a failure: the code of the themed "you are signed out" page of <c>/oauth2/logout</c> (HTTP 200).</summary>
    SignedOut = 700399,

    /// <summary>The assertion names no usable user (no UPN), or the user record conflicts.</summary>
    SamlNoUser = 50034,
}
