using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Certificates;

/// <summary>All log messages of the assembly (event ids 2000-2099, unique across the assemblies of one process: the federation server uses 1000-1399, the token service 3000-3099, protocols 4100-4199, storage 5000-5099). Never logs keys or CRL/certificate bodies.</summary>
internal static partial class LoggingExtensions
{
    // Debug: one line per sign-in through the console logger was as costly as the whole certificate validation
    // (docs/performance.md); the federation server logs the issued token (with the same certificate facts) anyway.
    [LoggerMessage(2000, LogLevel.Debug, "Client certificate accepted: subject '{Subject}', thumbprint {Thumbprint}, issuer '{Issuer}', serial {SerialNumber}.")]
    public static partial void CertificateAccepted(this ILogger logger, string subject, string thumbprint, string issuer, string serialNumber);

    // Debug: the role that asked (federation server event 1000, token service 3000) logs the refusal once, with its
    // stable code, this detail and the correlation id (issue #15).
    [LoggerMessage(2001, LogLevel.Debug, "Client certificate rejected ({Reason}): subject '{Subject}', thumbprint {Thumbprint}, issuer '{Issuer}', serial {SerialNumber}. {Detail}")]
    public static partial void CertificateRejected(this ILogger logger, CertificateFailureReason reason, string subject, string thumbprint, string issuer, string serialNumber, string detail);

    [LoggerMessage(2002, LogLevel.Warning, "CA '{AuthorityId}' has no CRL distribution point configured: certificates it issues are not checked for revocation.")]
    public static partial void NoCrlConfigured(this ILogger logger, string authorityId);

    [LoggerMessage(2010, LogLevel.Information, "CRL for CA '{AuthorityId}' downloaded from {Url}: number {CrlNumber}, {Entries} entries.")]
    public static partial void CrlDownloaded(this ILogger logger, string authorityId, Uri url, string crlNumber, int entries);

    [LoggerMessage(2011, LogLevel.Warning, "CRL for CA '{AuthorityId}' from {Url} not usable ({Code}): {Detail}")]
    public static partial void CrlDownloadFailed(this ILogger logger, string authorityId, Uri url, CrlErrorCode code, string detail);

    [LoggerMessage(2012, LogLevel.Warning, "CRL for CA '{AuthorityId}' from {Url} ignored: CRL number {CrlNumber} is lower than {LastCrlNumber}, already seen (replay of an old CRL?).")]
    public static partial void CrlNumberWentBackwards(this ILogger logger, string authorityId, Uri url, string crlNumber, string lastCrlNumber);

    [LoggerMessage(2015, LogLevel.Warning, "{Kind} CRL for CA '{AuthorityId}' from {Url} ignored, the cached one is kept: {Reason} (replay of an old CRL?).")]
    public static partial void CrlOlderThanCached(this ILogger logger, string authorityId, Uri url, string kind, string reason);

    [LoggerMessage(2013, LogLevel.Error, "Background CRL refresh failed.")]
    public static partial void CrlBackgroundRefreshFailed(this ILogger logger, Exception exception);

    // Debug: the unknown status is a refusal, which the role that asked logs once with its code and correlation id
    // (federation server 1000, token service 3000; issue #15); the CRL download's own problem is 2011 (Warning).
    [LoggerMessage(2014, LogLevel.Debug, "Revocation status of serial {SerialNumber} at CA '{AuthorityId}' is unknown ({Code}): {Detail}")]
    public static partial void RevocationUnknown(this ILogger logger, string authorityId, string serialNumber, CrlErrorCode code, string detail);

    [LoggerMessage(2020, LogLevel.Information, "CRL for CA '{AuthorityId}' loaded at start-up: number {CrlNumber}, {Entries} entries (last problem: {Error}).")]
    public static partial void CrlPreloaded(this ILogger logger, string authorityId, string crlNumber, int entries, string error);

    [LoggerMessage(2021, LogLevel.Warning, "CRL for CA '{AuthorityId}' could not be loaded at start-up ({Code}): {Detail}. Its certificates are refused (revocation unknown) until a later attempt succeeds.")]
    public static partial void CrlPreloadFailed(this ILogger logger, string authorityId, CrlErrorCode code, string detail);

    [LoggerMessage(2022, LogLevel.Error, "CRL for CA '{AuthorityId}' could not be loaded at start-up. Its certificates are refused (revocation unknown) until a later attempt succeeds.")]
    public static partial void CrlPreloadError(this ILogger logger, string authorityId, Exception exception);

    [LoggerMessage(2023, LogLevel.Information, "Start-up CRL load finished for {Count} CAs in {ElapsedMs} ms.")]
    public static partial void CrlPreloadCompleted(this ILogger logger, int count, long elapsedMs);

    [LoggerMessage(2024, LogLevel.Error, "Start-up CRL load aborted: the trusted CAs could not be read. The server stays not-ready.")]
    public static partial void CrlPreloadAborted(this ILogger logger, Exception exception);

    [LoggerMessage(2025, LogLevel.Warning, "Archived {Kind} CRL of CA '{AuthorityId}' could not be read ({Detail}); the CRL is downloaded instead.")]
    public static partial void CrlArchiveUnreadable(this ILogger logger, string authorityId, string kind, string detail);

    [LoggerMessage(2026, LogLevel.Warning, "The {Kind} CRL of CA '{AuthorityId}' could not be archived ({Detail}); the next start-up downloads it before going ready.")]
    public static partial void CrlArchiveWriteFailed(this ILogger logger, string authorityId, string kind, string detail);

    [LoggerMessage(2027, LogLevel.Information, "Archived {Kind} CRL of CA '{AuthorityId}' not used ({Code}): {Detail}.")]
    public static partial void CrlArchiveRejected(this ILogger logger, string authorityId, string kind, CrlErrorCode code, string detail);

    [LoggerMessage(2028, LogLevel.Information, "CRL for CA '{AuthorityId}' loaded at start-up from the archive: number {CrlNumber}, {Entries} entries, fresh until {NextUpdate:u}; a download follows in the background.")]
    public static partial void CrlPreloadedFromArchive(this ILogger logger, string authorityId, string crlNumber, int entries, DateTimeOffset nextUpdate);
}
