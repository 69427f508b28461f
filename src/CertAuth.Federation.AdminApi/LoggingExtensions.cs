using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.AdminApi;

/// <summary>Log messages of the admin API (event ids 9000-9099).</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Admin API refused a client certificate not issued by the admin CA: subject '{Subject}', SHA-256 {Thumbprint}.")]
    public static partial void AdminCertificateRefused(this ILogger logger, string subject, string thumbprint);
}
