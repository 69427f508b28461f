using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.AdminApi;

/// <summary>Log messages of the admin API (event ids 9000-9099).</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Admin API refused a client certificate not issued by the admin CA: subject '{Subject}', SHA-256 {Thumbprint}.")]
    public static partial void AdminCertificateRefused(this ILogger logger, string subject, string thumbprint);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Admin API refused a revoked admin certificate: subject '{Subject}', serial {SerialNumber}.")]
    public static partial void AdminCertificateRevoked(this ILogger logger, string subject, string serialNumber);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Error, Message = "Admin API refused a request: the admin CA's CRL is unavailable ({Status}: {Failure}); admin requests fail closed until it can be obtained.")]
    public static partial void AdminRevocationUnavailable(this ILogger logger, string status, string? failure);
}
