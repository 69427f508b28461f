using CertAuth.Federation.Certificates.Authorities;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Loads every configured CA's CRL into the <see cref="ICrlCache"/> once, at start-up, so the first sign-in does not
/// wait for a download and a parse (a 1,000,000-entry CRL takes a few hundred milliseconds). The hosts report
/// not-ready until <see cref="Completion"/> has finished.
/// <para>
/// Completion means every CA with a CRL URL has either a loaded CRL or a definitive failed first attempt (download
/// error, timeout, bad signature, wrong issuer…), which is logged as a warning. A failed CA does not keep the server
/// not-ready: its certificates are refused (revocation status unknown, fail closed) until a later attempt — the cache
/// retries after <see cref="CrlOptions.RetryInterval"/> on the next sign-in, or at once on <c>certauth ca crl-refresh</c>.
/// </para>
/// <para>
/// With <see cref="CrlOptions.ArchiveDirectory"/> set, a CA whose archived CRL (and delta CRL, when it has a delta URL)
/// is re-verified and still fresh counts as loaded at once, and its download runs in the background.
/// </para>
/// </summary>
public sealed class CrlPreloader
{
    private readonly ITrustedAuthoritySource _authorities;
    private readonly ICrlCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CrlPreloader> _logger;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <summary>Creates the preloader.</summary>
    public CrlPreloader(ITrustedAuthoritySource authorities, ICrlCache cache, TimeProvider timeProvider, ILogger<CrlPreloader> logger)
    {
        _authorities = authorities;
        _cache = cache;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Completes when the start-up load of every CA's CRL has finished (loaded or definitively failed); faults when the
    /// trusted CAs could not be read, and is cancelled when the host stopped first.
    /// </summary>
    /// <remarks>Succeeded only in the first case: hosts are ready only then.</remarks>
    public Task Completion => _completion.Task;

    /// <summary>True once <see cref="Completion"/> has finished.</summary>
    public bool IsComplete => _completion.Task.IsCompleted;

    /// <summary>
    /// Loads the CRL of every CA that has a CRL URL, all CAs at once, and completes <see cref="Completion"/>. Only the
    /// first call does the work; later calls return <see cref="Completion"/>. Cancelling stops waiting (the cache's
    /// downloads are bounded by <see cref="CrlOptions.DownloadTimeout"/>) and cancels <see cref="Completion"/>.
    /// </summary>
    public Task PreloadAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return Completion;
        }

        return RunAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        try
        {
            var authorities = await _authorities.GetAuthoritiesAsync(cancellationToken).ConfigureAwait(false);
            var withCrl = authorities.Where(a => a.CrlDistributionPoint is not null).ToList();
            await Task.WhenAll(withCrl.Select(a => LoadAsync(a, cancellationToken))).ConfigureAwait(false);
            _logger.CrlPreloadCompleted(withCrl.Count, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
            _completion.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            _completion.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            // The trusted CAs could not be read: nothing can be signed in, so the host stays not-ready.
            _logger.CrlPreloadAborted(ex);
            _completion.TrySetException(ex);
        }
    }

    private async Task LoadAsync(TrustedCertificateAuthority authority, CancellationToken cancellationToken)
    {
        CachedCrl result;
        try
        {
            if (await _cache.WarmFromArchiveAsync(authority, cancellationToken).ConfigureAwait(false))
            {
                // Fresh and re-verified from the archive: ready now; the download runs behind it.
                var archived = _cache.GetStatus(authority.Id);
                _logger.CrlPreloadedFromArchive(authority.Id, archived?.CrlNumber?.ToString() ?? "none", archived?.Entries ?? 0,
                    archived?.NextUpdate ?? DateTimeOffset.MinValue);
                _ = _cache.ForceRefreshAsync(authority, CancellationToken.None).ContinueWith(
                    (task, state) => ((ILogger)state!).CrlBackgroundRefreshFailed(task.Exception!),
                    _logger, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return;
            }

            result = await _cache.ForceRefreshAsync(authority, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // E.g. the CRL-state store failed: the CA has no CRL, so its certificates are refused (fail closed).
            _logger.CrlPreloadError(authority.Id, ex);
            return;
        }

        if (result.Base is { } crl)
        {
            _logger.CrlPreloaded(authority.Id, crl.CrlNumber?.ToString() ?? "none", crl.Count, result.LastError?.Code.ToString() ?? "none");
        }
        else
        {
            _logger.CrlPreloadFailed(authority.Id, result.LastError?.Code ?? CrlErrorCode.DownloadFailed, result.LastError?.Detail ?? "no CRL obtained");
        }
    }
}
