using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server;

/// <summary>Log events of token-signing certificate rollover (issue 13 item 2), ids 1450-1459. Never private keys.</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 1450, Level = LogLevel.Information, Message = "Token-signing certificate {Thumbprint} (Federation:SigningCertificate) imported into the store as the first primary")]
    public static partial void TokenSigningCertificateImported(this ILogger logger, string thumbprint);

    [LoggerMessage(EventId = 1451, Level = LogLevel.Error, Message = "Stored token-signing certificate {Thumbprint} cannot be opened with this node's data-protection keys ({Error}); it never signs here")]
    public static partial void TokenSigningCertificateUnusable(this ILogger logger, string thumbprint, string error);

    [LoggerMessage(EventId = 1452, Level = LogLevel.Warning, Message = "Re-reading the stored token-signing certificates failed ({Error}); the certificates already loaded stay in use")]
    public static partial void TokenSigningCertificateReloadFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 1453, Level = LogLevel.Information, Message = "Token-signing rollover: secondary {Thumbprint} generated to succeed {Primary}; it becomes primary at {PromotesAt:O}")]
    public static partial void TokenSigningSecondaryGenerated(this ILogger logger, string thumbprint, string primary, DateTimeOffset promotesAt);

    [LoggerMessage(EventId = 1454, Level = LogLevel.Information, Message = "Token-signing rollover: no secondary generated here ({Code}: {Reason})")]
    public static partial void TokenSigningRolloverRefused(this ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 1455, Level = LogLevel.Warning, Message = "Token-signing rollover check failed ({Error}); retried after the refresh interval")]
    public static partial void TokenSigningRolloverCheckFailed(this ILogger logger, string error);
}
