using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Certificates;

/// <summary>All log messages of the assembly (event ids 1000-1099). Never logs keys or CRL/certificate bodies.</summary>
internal static partial class LoggingExtensions
{
    [LoggerMessage(1000, LogLevel.Information, "Client certificate accepted: subject '{Subject}', thumbprint {Thumbprint}, issuer '{Issuer}', serial {SerialNumber}.")]
    public static partial void CertificateAccepted(this ILogger logger, string subject, string thumbprint, string issuer, string serialNumber);

    [LoggerMessage(1001, LogLevel.Warning, "Client certificate rejected ({Reason}): subject '{Subject}', thumbprint {Thumbprint}, issuer '{Issuer}', serial {SerialNumber}. {Detail}")]
    public static partial void CertificateRejected(this ILogger logger, CertificateFailureReason reason, string subject, string thumbprint, string issuer, string serialNumber, string detail);

    [LoggerMessage(1002, LogLevel.Warning, "CA '{AuthorityId}' has no CRL distribution point configured: certificates it issues are not checked for revocation.")]
    public static partial void NoCrlConfigured(this ILogger logger, string authorityId);

    [LoggerMessage(1010, LogLevel.Information, "CRL for CA '{AuthorityId}' downloaded from {Url}: number {CrlNumber}, {Entries} entries.")]
    public static partial void CrlDownloaded(this ILogger logger, string authorityId, Uri url, string crlNumber, int entries);

    [LoggerMessage(1011, LogLevel.Warning, "CRL for CA '{AuthorityId}' from {Url} not usable ({Code}): {Detail}")]
    public static partial void CrlDownloadFailed(this ILogger logger, string authorityId, Uri url, CrlErrorCode code, string detail);

    [LoggerMessage(1012, LogLevel.Warning, "CRL for CA '{AuthorityId}' from {Url} ignored: CRL number {CrlNumber} is lower than {LastCrlNumber}, already seen (replay of an old CRL?).")]
    public static partial void CrlNumberWentBackwards(this ILogger logger, string authorityId, Uri url, string crlNumber, string lastCrlNumber);

    [LoggerMessage(1013, LogLevel.Error, "Background CRL refresh failed.")]
    public static partial void CrlBackgroundRefreshFailed(this ILogger logger, Exception exception);

    [LoggerMessage(1014, LogLevel.Warning, "Revocation status of serial {SerialNumber} at CA '{AuthorityId}' is unknown ({Code}): {Detail}")]
    public static partial void RevocationUnknown(this ILogger logger, string authorityId, string serialNumber, CrlErrorCode code, string detail);
}
