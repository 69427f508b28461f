using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService;

/// <summary>Log events of federation-metadata refresh (issue 13 item 2), ids 3450-3459.</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 3450, Level = LogLevel.Information, Message = "Federation trust {EntityId} refreshed from its metadata: signing certificates added {Added}, removed {Removed}")]
    public static partial void FederationMetadataApplied(this ILogger logger, string entityId, string added, string removed);

    [LoggerMessage(EventId = 3451, Level = LogLevel.Warning, Message = "Federation trust {EntityId}: metadata fetch failed ({Error}); the trusted signing certificates are unchanged")]
    public static partial void FederationMetadataFailed(this ILogger logger, string entityId, string error);

    [LoggerMessage(EventId = 3452, Level = LogLevel.Warning, Message = "Federation trust {EntityId}: metadata refused ({Code}: {Reason}); the trusted signing certificates are unchanged")]
    public static partial void FederationMetadataRefused(this ILogger logger, string entityId, string code, string reason);
}
