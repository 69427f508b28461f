using CertAuth.Federation.Server.Errors;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server;

/// <summary>Every log event of the federation server, with stable event ids. Never tokens, assertions or keys.</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Sign-in refused: {DisplayCode} ({Code}); correlation {CorrelationId}; {Detail}")]
    public static partial void SignInRefused(this ILogger logger, string displayCode, SignInErrorCode code, string correlationId, string? detail);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Token issued to {RelyingParty} for {Upn}; certificate subject {Subject}, serial {Serial}, issuer {Issuer}, thumbprint {Thumbprint}")]
    public static partial void TokenIssued(this ILogger logger, string relyingParty, string upn, string subject, string serial, string issuer, string thumbprint);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "SAML error Response sent to {RelyingParty}: {StatusCode} {Reason}")]
    public static partial void SamlErrorResponse(this ILogger logger, string relyingParty, string statusCode, string reason);

    // Debug. A refused sign-in request is logged once, as event 1000 with its code, typed reason and correlation id
    // (issue #15, issue 14 item 5): the sign-in handlers do not log refusals themselves.
    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "SAML request refused from {Issuer}: {Reason}")]
    public static partial void SamlRequestRefused(this ILogger logger, string? issuer, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "WS-Federation request refused for realm {Realm}: {Reason} ({Detail})")]
    public static partial void WsFederationRequestRefused(this ILogger logger, string? realm, string reason, string? detail);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "Single logout refused from {Issuer}: {Code} ({Detail})")]
    public static partial void SingleLogoutRefused(this ILogger logger, string? issuer, SignInErrorCode code, string detail);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Single logout started by {Initiator}; {Parties} other relying parties in the session")]
    public static partial void SingleLogoutStarted(this ILogger logger, string? initiator, int parties);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "LogoutRequest sent to {RelyingParty}")]
    public static partial void SingleLogoutRequestSent(this ILogger logger, string relyingParty);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Warning, Message = "Single logout of {RelyingParty} failed: {Reason}")]
    public static partial void SingleLogoutPartyFailed(this ILogger logger, string relyingParty, string reason);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Information, Message = "Single logout started by {Initiator} finished; {Failed} relying parties failed")]
    public static partial void SingleLogoutFinished(this ILogger logger, string? initiator, int failed);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Information, Message = "LogoutRequest from {RelyingParty} names no session in this browser; answered UnknownPrincipal")]
    public static partial void SingleLogoutNoSession(this ILogger logger, string relyingParty);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Seeded {Count} {Kind} from appsettings.json")]
    public static partial void Seeded(this ILogger logger, int count, string kind);

    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "The active theme could not be read from the federation store ({Error}); pages keep using {Theme}")]
    public static partial void ActiveThemeReadFailed(this ILogger logger, string error, string theme);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message = "Imported the active theme {Theme} from {File} into the federation store; the file is ignored from now on")]
    public static partial void ActiveThemeImported(this ILogger logger, string theme, string file);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Warning, Message = "{File} was not imported into the federation store ({Code}): {Reason}")]
    public static partial void ActiveThemeNotImported(this ILogger logger, string file, string code, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Federation server {EntityId} listening on {PublicUrl}; certificate sign-in on {CertificateSignInUrl}")]
    public static partial void Listening(this ILogger logger, string entityId, Uri publicUrl, Uri certificateSignInUrl);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Request to {Path} throttled for client {Client}; retry after {RetryAfterSeconds} s; correlation {CorrelationId}")]
    public static partial void RequestThrottled(this ILogger logger, string path, string client, int retryAfterSeconds, string correlationId);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Client-Cert header from {Peer} ignored and removed: the peer is not a trusted proxy")]
    public static partial void ForwardedCertificateIgnored(this ILogger logger, string peer);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Error, Message = "Request to {Path} answered 503 (CAF1302): the database is unavailable ({Error}); correlation {CorrelationId}")]
    public static partial void StoreUnavailable(this ILogger logger, string path, string error, string correlationId);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Client-Cert header from trusted proxy {Peer} is malformed (RFC 9440 expects :base64-of-DER:)")]
    public static partial void ForwardedCertificateMalformed(this ILogger logger, string peer);
}
