using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Protocols;

/// <summary>Source-generated log messages of this assembly. Never log message XML, tokens or keys.</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "SAML {Kind} rejected: {Reason} ({Detail}); claimed issuer {Issuer}")]
    public static partial void SamlRejected(this ILogger logger, string kind, SamlFailureReason reason, string detail, string? issuer);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "SAML {Kind} accepted: assertion {AssertionId} from {Issuer}, subject {Subject}, signed by certificate {Thumbprint}")]
    public static partial void SamlAccepted(this ILogger logger, string kind, string assertionId, string issuer, string? subject, string thumbprint);
}
