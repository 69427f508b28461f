using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Protocols;

/// <summary>Source-generated log messages of this assembly. Never log message XML, tokens or keys.</summary>
internal static partial class LoggingExtensions
{
    // Debug: the role that validates (token service events 3000/3020) logs the refusal once, with its stable code and
    // the correlation id (issue #15).
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug,
        Message = "SAML {Kind} rejected: {Reason} ({Detail}); claimed issuer {Issuer}")]
    public static partial void SamlRejected(this ILogger logger, string kind, SamlFailureReason reason, string detail, string? issuer);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "SAML {Kind} accepted: assertion {AssertionId} from {Issuer}, subject {Subject}, signed by certificate {Thumbprint}")]
    public static partial void SamlAccepted(this ILogger logger, string kind, string assertionId, string issuer, string? subject, string thumbprint);
}
