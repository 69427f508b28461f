using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService;

/// <summary>Every log event of the token service, with stable event ids. Never tokens, codes, assertions or keys.</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Token request refused: {DisplayCode} ({Code}) for grant {GrantType}, client {ClientId}, user {Upn}; correlation {CorrelationId}; {Detail}")]
    public static partial void TokenRequestRefused(this ILogger logger, string displayCode, Errors.TokenErrorCode code, string grantType, string? clientId, string? upn, string correlationId, string detail);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Tokens issued: grant {GrantType}, client {ClientId}, user {Upn}, refresh family {FamilyId}")]
    public static partial void TokensIssued(this ILogger logger, string grantType, string clientId, string upn, string familyId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Refresh token reuse: family {FamilyId} of client {ClientId}, user {Upn} revoked ({Count} tokens)")]
    public static partial void RefreshTokenReuse(this ILogger logger, string familyId, string clientId, string upn, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Authorization code replay: client {ClientId}, user {Upn}; {Count} refresh tokens revoked")]
    public static partial void AuthorizationCodeReplay(this ILogger logger, string clientId, string upn, int count);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Authorization request refused: {DisplayCode} ({Code}), client {ClientId}; correlation {CorrelationId}; {Detail}")]
    public static partial void AuthorizeRefused(this ILogger logger, string displayCode, Errors.TokenErrorCode code, string? clientId, string correlationId, string detail);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "AuthnRequest {RequestId} sent to {FederationServer} for client {ClientId}")]
    public static partial void AuthnRequestSent(this ILogger logger, string requestId, string federationServer, string clientId);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "SAML response refused at the ACS: {DisplayCode} ({Code}), reason {Reason}; correlation {CorrelationId}; {Detail}")]
    public static partial void AcsRefused(this ILogger logger, string displayCode, Errors.TokenErrorCode code, string reason, string correlationId, string detail);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Sign-in of {Upn} from {FederationServer} accepted for client {ClientId} (certificate serial {Serial}, issuer {CertificateIssuer})")]
    public static partial void SignInAccepted(this ILogger logger, string upn, string federationServer, string clientId, string? serial, string? certificateIssuer);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "User {Upn} provisioned on first sign-in from {FederationServer}")]
    public static partial void UserProvisioned(this ILogger logger, string upn, string federationServer);

    // Debug: the refusal is logged once where it is decided (3000/3010/3020), with its code and correlation id (issue #15).
    [LoggerMessage(EventId = 3030, Level = LogLevel.Debug, Message = "Error page {DisplayCode} shown; correlation {CorrelationId}")]
    public static partial void ErrorPageShown(this ILogger logger, string displayCode, string correlationId);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "Seeded {Count} {Kind} from appsettings.json")]
    public static partial void Seeded(this ILogger logger, int count, string kind);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Information, Message = "Token service {EntityId} listening on {PublicUrl} (ACS {AcsUrl}); JWT key id {KeyId}")]
    public static partial void Listening(this ILogger logger, string entityId, Uri publicUrl, string acsUrl, string keyId);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Warning, Message = "Request to {Path} throttled for client {Client} (CAT90055); retry after {RetryAfterSeconds} s; correlation {CorrelationId}")]
    public static partial void RequestThrottled(this ILogger logger, string path, string client, int retryAfterSeconds, string correlationId);

    [LoggerMessage(EventId = 3063, Level = LogLevel.Error, Message = "Request to {Path} answered 503 (CAT90033): the database is unavailable ({Error}); correlation {CorrelationId}")]
    public static partial void StoreUnavailable(this ILogger logger, string path, string error, string correlationId);

    [LoggerMessage(EventId = 3060, Level = LogLevel.Information, Message = "JWT signing key {KeyId} added to the store ({Origin})")]
    public static partial void SigningKeyCreated(this ILogger logger, string keyId, string origin);

    [LoggerMessage(EventId = 3061, Level = LogLevel.Error, Message = "Stored JWT signing key {KeyId} cannot be opened on this node (data-protection key or certificate missing?): {Reason}; it is neither used nor published")]
    public static partial void SigningKeyUnusable(this ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 3062, Level = LogLevel.Warning, Message = "Re-reading the stored JWT signing keys failed ({Error}); the keys already loaded stay in use")]
    public static partial void SigningKeyReloadFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 3090, Level = LogLevel.Information, Message = "Token revoked by client {ClientId} (RFC 7009, {Kind}): refresh family {FamilyId} of user {Upn}, {Count} tokens")]
    public static partial void TokenRevoked(this ILogger logger, string clientId, string kind, string familyId, string upn, int count);

    [LoggerMessage(EventId = 3091, Level = LogLevel.Information, Message = "Revocation request of client {ClientId} matched no token of that client; answered 200 as RFC 7009 §2.2 requires")]
    public static partial void TokenRevocationNoMatch(this ILogger logger, string clientId);

    [LoggerMessage(EventId = 3092, Level = LogLevel.Warning, Message = "{Endpoint} request refused: {DisplayCode} ({Code}), client {ClientId}; correlation {CorrelationId}; {Detail}")]
    public static partial void OAuthEndpointRefused(this ILogger logger, string endpoint, string displayCode, Errors.TokenErrorCode code, string? clientId, string correlationId, string detail);

    [LoggerMessage(EventId = 3093, Level = LogLevel.Debug, Message = "Introspection by client {ClientId}: {Kind} active={Active}")]
    public static partial void TokenIntrospected(this ILogger logger, string clientId, string kind, bool active);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "End-session request refused: {DisplayCode} ({Code}), client {ClientId}; correlation {CorrelationId}; {Detail}")]
    public static partial void EndSessionRefused(this ILogger logger, string displayCode, Errors.TokenErrorCode code, string? clientId, string correlationId, string detail);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "End session for client {ClientId}: refresh family {FamilyId} of user {Upn} revoked ({Count} tokens); federation sign-out via {Protocol} at {FederationEntityId}")]
    public static partial void SessionEnded(this ILogger logger, string? clientId, string? familyId, string? upn, int count, string protocol, string? federationEntityId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Logout callback completed for client {ClientId} (federation {FederationEntityId}); returning to {Destination}")]
    public static partial void LogoutCallbackCompleted(this ILogger logger, string? clientId, string? federationEntityId, string destination);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Federation LogoutRequest {RequestId} from {FederationEntityId} accepted: {Families} refresh families revoked ({Count} tokens: {FamilyIds}); answered Success")]
    public static partial void FederationLogoutAccepted(this ILogger logger, string requestId, string federationEntityId, int families, int count, string familyIds);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Federation LogoutRequest refused: {DisplayCode} ({Code}), reason {Reason}, issuer {Issuer}; {Answer}; correlation {CorrelationId}; {Detail}")]
    public static partial void FederationLogoutRefused(this ILogger logger, string displayCode, Errors.TokenErrorCode code, Protocols.SamlFailureReason reason, string? issuer, string answer, string correlationId, string detail);

    [LoggerMessage(EventId = 3120, Level = LogLevel.Information, Message = "Sign-out cleanup ({Trigger}): this browser's session cookie listed {Codes} codes; {Withdrawn} not yet redeemed were withdrawn, {Families} refresh families revoked ({Count} tokens)")]
    public static partial void BrowserSessionEnded(this ILogger logger, string trigger, int codes, int withdrawn, int families, int count);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Information, Message = "Browser-session cookie ignored: {Reason}")]
    public static partial void BrowserSessionCookieIgnored(this ILogger logger, string reason);
}
