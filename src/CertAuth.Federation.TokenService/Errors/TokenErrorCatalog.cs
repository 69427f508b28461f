using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Protocols;

namespace CertAuth.Federation.TokenService.Errors;

/// <summary>Maps codes to RFC 6749 error values, and SAML and CRL failure reasons to codes.</summary>
public static class TokenErrorCatalog
{
    /// <summary>The RFC 6749 error value for a code.</summary>
    public static string OAuthErrorFor(TokenErrorCode code) => code switch
    {
        TokenErrorCode.InvalidRequest or TokenErrorCode.RequestTooLarge or TokenErrorCode.PkceRequired
            or TokenErrorCode.RedirectUriMismatch or TokenErrorCode.IdTokenHintInvalid or TokenErrorCode.PostLogoutRedirectUriMismatch
            or TokenErrorCode.EndSessionClientMismatch or TokenErrorCode.LogoutStateInvalid => "invalid_request",
        TokenErrorCode.UnknownClient or TokenErrorCode.InvalidClientSecret or TokenErrorCode.ClientAuthenticationRequired
            or TokenErrorCode.IntrospectionRequiresConfidentialClient => "invalid_client",
        TokenErrorCode.UnsupportedResponseType => "unsupported_response_type",
        TokenErrorCode.InvalidScope => "invalid_scope",
        TokenErrorCode.UnsupportedGrantType => "unsupported_grant_type",
        TokenErrorCode.GrantNotAllowedForClient => "unauthorized_client",
        TokenErrorCode.Throttled or TokenErrorCode.StoreUnavailable => "temporarily_unavailable",
        _ => "invalid_grant",
    };

    /// <summary>The code for a SAML rejection reason.</summary>
    public static TokenErrorCode ForSaml(SamlFailureReason reason) => reason switch
    {
        SamlFailureReason.UntrustedIssuer => TokenErrorCode.SamlUntrustedIssuer,
        SamlFailureReason.MissingSignature or SamlFailureReason.InvalidSignature or SamlFailureReason.SignatureReferenceInvalid
            or SamlFailureReason.DisallowedTransform or SamlFailureReason.WeakAlgorithm or SamlFailureReason.UntrustedKey
            or SamlFailureReason.UnsignedAssertion => TokenErrorCode.SamlSignatureInvalid,
        SamlFailureReason.WrongDestination or SamlFailureReason.WrongRecipient or SamlFailureReason.WrongAudience => TokenErrorCode.SamlWrongAudience,
        SamlFailureReason.NotYetValid or SamlFailureReason.Expired => TokenErrorCode.SamlNotTimeValid,
        SamlFailureReason.InResponseToMismatch => TokenErrorCode.SamlNoPendingRequest,
        SamlFailureReason.Replay => TokenErrorCode.SamlReplay,
        SamlFailureReason.StatusNotSuccess => TokenErrorCode.SamlStatusNotSuccess,
        SamlFailureReason.MessageTooLarge or SamlFailureReason.InflateBomb or SamlFailureReason.RelayStateTooLong => TokenErrorCode.RequestTooLarge,
        _ => TokenErrorCode.SamlInvalid,
    };

    /// <summary>The code for a CRL problem that left the revocation status unknown.</summary>
    public static TokenErrorCode ForCrl(CrlErrorCode? code) => code switch
    {
        CrlErrorCode.DownloadFailed or CrlErrorCode.TooLarge => TokenErrorCode.CrlDownloadFailed,
        CrlErrorCode.Timeout => TokenErrorCode.CrlTimeout,
        CrlErrorCode.Unparsable or CrlErrorCode.UnsupportedCriticalExtension => TokenErrorCode.CrlUnparsable,
        CrlErrorCode.SignatureInvalid or CrlErrorCode.WrongIssuer => TokenErrorCode.CrlSignatureInvalid,
        _ => TokenErrorCode.CrlUnavailable,
    };
}
