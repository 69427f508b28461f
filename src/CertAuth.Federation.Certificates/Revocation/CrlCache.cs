using System.Collections.Concurrent;
using System.Numerics;
using CertAuth.Federation.Certificates.Authorities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Per-CA cache of the current authentic base and delta CRL.
/// <list type="bullet">
/// <item>Served from memory until nextUpdate; once <see cref="CrlOptions.RefreshAheadFraction"/> of the validity has
/// elapsed a background refresh starts (callers keep getting the cached copy).</item>
/// <item>Single-flight: one refresh per CA at a time; concurrent callers await the same task.</item>
/// <item>A base or delta CRL is never replaced by an older one: one whose number is lower than the last accepted one
/// (persisted through <see cref="ICrlStateStore"/>) is ignored and reported (<see cref="CrlErrorCode.CrlNumberWentBackwards"/>);
/// without CRL numbers to compare, CRLs are ordered by thisUpdate (the last accepted base thisUpdate is persisted too)
/// and an older one is ignored and reported (<see cref="CrlErrorCode.ThisUpdateWentBackwards"/>). A forged CRL or one
/// from another CA is ignored and reported; the last good CRL stays cached in all these cases.</item>
/// <item>The newest authentic delta CRL is kept even when it does not fit the base (newer BaseCRLNumber, not newer
/// than the base, other scope): <see cref="RevocationChecker"/> then answers Unknown, and the cache keeps trying to
/// download a matching pair (the snapshot does not count as fresh).</item>
/// <item>After a failed download, no new attempt is made for <see cref="CrlOptions.RetryInterval"/>.</item>
/// </list>
/// </summary>
public sealed class CrlCache : ICrlCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly CrlDownloader _downloader;
    private readonly CrlArchive _archive;
    private readonly ICrlStateStore _stateStore;
    private readonly IOptionsMonitor<CrlOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CrlCache> _logger;

    /// <summary>Creates the cache.</summary>
    public CrlCache(CrlDownloader downloader, CrlArchive archive, ICrlStateStore stateStore, IOptionsMonitor<CrlOptions> options, TimeProvider timeProvider, ILogger<CrlCache> logger)
    {
        _downloader = downloader;
        _archive = archive;
        _stateStore = stateStore;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<CachedCrl> GetAsync(TrustedCertificateAuthority authority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var entry = GetEntry(authority);
        var snapshot = entry.Snapshot;
        var now = _timeProvider.GetUtcNow();
        var options = _options.CurrentValue;
        var throttled = entry.LastAttempt is { } last && now - last < options.RetryInterval;

        if (IsFresh(snapshot, authority, now))
        {
            if (!throttled && (NearsExpiry(snapshot.Base, now, options) || NearsExpiry(snapshot.Delta, now, options)))
            {
                _ = StartRefresh(authority, entry).ContinueWith(
                    (task, state) => ((ILogger)state!).CrlBackgroundRefreshFailed(task.Exception!),
                    _logger, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            return snapshot;
        }

        if (throttled && entry.Refresh is null or { IsCompleted: true })
        {
            return snapshot;
        }

        return await StartRefresh(authority, entry).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<CachedCrl> ForceRefreshAsync(TrustedCertificateAuthority authority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return StartRefresh(authority, GetEntry(authority)).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> WarmFromArchiveAsync(TrustedCertificateAuthority authority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (!_archive.Enabled || authority.CrlDistributionPoint is null)
        {
            return false;
        }

        var entry = GetEntry(authority);
        Task<CachedCrl> task;
        lock (entry.Gate)
        {
            if (entry.Refresh is { IsCompleted: false } || entry.Snapshot.Base is not null)
            {
                // A download is already running or done: the archive has nothing to add.
                return false;
            }

            task = Task.Run(() => WarmCoreAsync(authority, entry));
            entry.Refresh = task;
        }

        var snapshot = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return IsFresh(snapshot, authority, _timeProvider.GetUtcNow());
    }

    /// <inheritdoc />
    public CrlStatus? GetStatus(string authorityId)
    {
        if (!_entries.TryGetValue(authorityId, out var entry))
        {
            return null;
        }

        var snapshot = entry.Snapshot;
        return new CrlStatus
        {
            AuthorityId = authorityId,
            ThisUpdate = snapshot.Base?.ThisUpdate,
            NextUpdate = snapshot.Base?.NextUpdate,
            CrlNumber = snapshot.Base?.CrlNumber,
            Entries = snapshot.Base?.Count ?? 0,
            DeltaCrlNumber = snapshot.Delta?.CrlNumber,
            DeltaNextUpdate = snapshot.Delta?.NextUpdate,
            DeltaEntries = snapshot.Delta?.Count ?? 0,
            LastFetch = snapshot.LastFetch,
            LastError = snapshot.LastError,
        };
    }

    private static bool IsFresh(CachedCrl snapshot, TrustedCertificateAuthority authority, DateTimeOffset now)
        => snapshot.Base is { NextUpdate: { } next } baseCrl && now < next
           && (authority.DeltaCrlDistributionPoint is null
               || (snapshot.Delta is { NextUpdate: { } deltaNext } delta && now < deltaNext && RevocationChecker.DeltaMismatch(baseCrl, delta) is null));

    private static bool NearsExpiry(RevocationList? crl, DateTimeOffset now, CrlOptions options)
        => crl?.NextUpdate is { } next && now >= crl.ThisUpdate + ((next - crl.ThisUpdate) * options.RefreshAheadFraction);

    private Entry GetEntry(TrustedCertificateAuthority authority)
    {
        var identity = string.Join('|', authority.Certificate.Thumbprint, authority.CrlDistributionPoint, authority.DeltaCrlDistributionPoint);
        var entry = _entries.GetOrAdd(authority.Id, static (_, i) => new Entry(i), identity);
        if (entry.Identity != identity)
        {
            // The CA was re-keyed/replaced or its CRL URLs changed: nothing cached for the old configuration is reused
            // (the persisted last-seen CRL numbers still apply).
            var replacement = new Entry(identity);
            entry = _entries.TryUpdate(authority.Id, replacement, entry) ? replacement : _entries[authority.Id];
        }

        return entry;
    }

    private Task<CachedCrl> StartRefresh(TrustedCertificateAuthority authority, Entry entry)
    {
        lock (entry.Gate)
        {
            if (entry.Refresh is { IsCompleted: false } running)
            {
                return running;
            }

            var task = Task.Run(() => RefreshCoreAsync(authority, entry));
            entry.Refresh = task;
            return task;
        }
    }

    private async Task EnsureStateLoadedAsync(TrustedCertificateAuthority authority, Entry entry)
    {
        if (!entry.StateLoaded)
        {
            var state = await _stateStore.GetAsync(authority.Id, CancellationToken.None).ConfigureAwait(false);
            entry.LastBaseNumber = state?.LastCrlNumber;
            entry.LastDeltaNumber = state?.LastDeltaCrlNumber;
            entry.LastBaseThisUpdate = state?.ThisUpdate;
            entry.StateLoaded = true;
        }
    }

    // The archived CRLs pass the download checks again (signature with the CA's configured certificate, kind,
    // thisUpdate, nextUpdate not passed) and the persisted floors (a CRL number or thisUpdate older than one already
    // seen is refused), so a file swapped for an older authentic CRL, another CA's CRL or garbage is never used. A
    // stale archived CRL is not used either (a download decides then, as without an archive).
    private async Task<CachedCrl> WarmCoreAsync(TrustedCertificateAuthority authority, Entry entry)
    {
        await EnsureStateLoadedAsync(authority, entry).ConfigureAwait(false);
        var (baseCrl, writtenAt) = await ReadArchivedAsync(authority, entry, delta: false).ConfigureAwait(false);
        if (baseCrl is null)
        {
            return entry.Snapshot;
        }

        entry.LastBaseNumber = Max(entry.LastBaseNumber, baseCrl.CrlNumber);
        entry.LastBaseThisUpdate = entry.LastBaseThisUpdate is { } seen && seen > baseCrl.ThisUpdate ? seen : baseCrl.ThisUpdate;
        RevocationList? delta = null;
        if (authority.DeltaCrlDistributionPoint is not null)
        {
            (delta, _) = await ReadArchivedAsync(authority, entry, delta: true).ConfigureAwait(false);
            if (delta is not null)
            {
                entry.LastDeltaNumber = Max(entry.LastDeltaNumber, delta.CrlNumber);
            }
        }

        var snapshot = new CachedCrl(baseCrl, delta, null, writtenAt);
        entry.Snapshot = snapshot;
        return snapshot;
    }

    private async Task<(RevocationList? Crl, DateTimeOffset? WrittenAt)> ReadArchivedAsync(TrustedCertificateAuthority authority, Entry entry, bool delta)
    {
        var kind = delta ? "delta" : "base";
        if (await _archive.ReadAsync(authority, delta, CancellationToken.None).ConfigureAwait(false) is not { } archived)
        {
            return (null, null);
        }

        var result = _downloader.EvaluateArchived(authority, archived.Body, delta);
        if (result.Crl is null || result.Error is not null)
        {
            var problem = result.Error ?? new CrlError(CrlErrorCode.DownloadFailed, "no CRL");
            _logger.CrlArchiveRejected(authority.Id, kind, problem.Code, problem.Detail);
            return (null, null);
        }

        var floor = delta ? entry.LastDeltaNumber : entry.LastBaseNumber;
        if (Accept(authority, kind, result, cached: null, floor, delta ? null : entry.LastBaseThisUpdate, out var accepted) is { } refused)
        {
            _logger.CrlArchiveRejected(authority.Id, kind, refused.Code, refused.Detail);
            return (null, null);
        }

        return (accepted, archived.WrittenAt);
    }

    private async Task<CachedCrl> RefreshCoreAsync(TrustedCertificateAuthority authority, Entry entry)
    {
        await EnsureStateLoadedAsync(authority, entry).ConfigureAwait(false);

        var now = _timeProvider.GetUtcNow();
        entry.LastAttempt = now;
        var previous = entry.Snapshot;
        var baseCrl = previous.Base;
        var delta = previous.Delta;

        var baseResult = await _downloader.DownloadAsync(authority, delta: false, CancellationToken.None).ConfigureAwait(false);
        var error = Accept(authority, "base", baseResult, previous.Base, entry.LastBaseNumber, entry.LastBaseThisUpdate, out var acceptedBase);
        if (acceptedBase is not null)
        {
            baseCrl = acceptedBase;
            entry.LastBaseNumber = Max(entry.LastBaseNumber, acceptedBase.CrlNumber);
            entry.LastBaseThisUpdate = entry.LastBaseThisUpdate is { } seen && seen > acceptedBase.ThisUpdate ? seen : acceptedBase.ThisUpdate;
            await ArchiveAsync(authority, acceptedBase, previous.Base).ConfigureAwait(false);
        }

        CrlError? deltaError = null;
        if (authority.DeltaCrlDistributionPoint is not null && baseCrl is not null)
        {
            var deltaResult = await _downloader.DownloadAsync(authority, delta: true, CancellationToken.None).ConfigureAwait(false);
            deltaError = Accept(authority, "delta", deltaResult, previous.Delta, entry.LastDeltaNumber, lastSeenThisUpdate: null, out var acceptedDelta);
            if (acceptedDelta is not null)
            {
                delta = acceptedDelta;
                entry.LastDeltaNumber = Max(entry.LastDeltaNumber, acceptedDelta.CrlNumber);
                await ArchiveAsync(authority, acceptedDelta, previous.Delta).ConfigureAwait(false);
            }

            // Kept (it is authentic and the newest seen), but reported: the checker will not use it with this base.
            deltaError ??= delta is null ? null : RevocationChecker.DeltaMismatch(baseCrl, delta);
            error ??= deltaError;
        }

        var snapshot = new CachedCrl(baseCrl, delta, error, now) { DeltaError = deltaError };
        entry.Snapshot = snapshot;
        await _stateStore.SetAsync(authority.Id, new CrlState
        {
            LastCrlNumber = entry.LastBaseNumber,
            LastDeltaCrlNumber = entry.LastDeltaNumber,
            ThisUpdate = baseCrl?.ThisUpdate,
            NextUpdate = baseCrl?.NextUpdate,
            Entries = baseCrl?.Count,
            DeltaThisUpdate = delta?.ThisUpdate,
            DeltaNextUpdate = delta?.NextUpdate,
            DeltaEntries = delta?.Count,
            LastFetch = now,
            LastError = error,
        }, CancellationToken.None).ConfigureAwait(false);
        return snapshot;
    }

    // The same CRL downloaded again (same number and thisUpdate) is not rewritten.
    private Task ArchiveAsync(TrustedCertificateAuthority authority, RevocationList accepted, RevocationList? previous)
        => !_archive.Enabled || (previous is not null && previous.CrlNumber == accepted.CrlNumber && previous.ThisUpdate == accepted.ThisUpdate
                                 && previous.RawData.Length == accepted.RawData.Length)
            ? Task.CompletedTask
            : _archive.WriteAsync(authority, accepted, CancellationToken.None);

    // Returns the problem to report (if any) and the CRL to keep (if any). A CRL older than the one cached or already
    // seen — by CRL number when there is one to compare, else by thisUpdate — is never kept. An authentic but stale CRL
    // that is not older is kept (a grace period may use it) while still reporting Stale.
    private CrlError? Accept(
        TrustedCertificateAuthority authority,
        string kind,
        CrlDownloadResult result,
        RevocationList? cached,
        BigInteger? lastSeen,
        DateTimeOffset? lastSeenThisUpdate,
        out RevocationList? accepted)
    {
        accepted = null;
        if (result.Crl is not { } crl)
        {
            return result.Error;
        }

        if (lastSeen is { } last && (crl.CrlNumber is not { } number || number < last))
        {
            _logger.CrlNumberWentBackwards(authority.Id, result.Url, crl.CrlNumber?.ToString() ?? "none", last.ToString());
            return new CrlError(CrlErrorCode.CrlNumberWentBackwards,
                $"{kind} CRL number {crl.CrlNumber?.ToString() ?? "(none)"} is lower than {last}, already seen; the CRL was ignored.");
        }

        if (cached is not null && IsOlder(crl, cached))
        {
            var reason = crl.CrlNumber is { } n && cached.CrlNumber is not null
                ? $"its CRL number {n} equals the cached one but its thisUpdate {crl.ThisUpdate:u} is older than {cached.ThisUpdate:u}"
                : $"it has no CRL number to compare and its thisUpdate {crl.ThisUpdate:u} is older than the cached CRL's {cached.ThisUpdate:u}";
            _logger.CrlOlderThanCached(authority.Id, result.Url, kind, reason);
            return new CrlError(CrlErrorCode.ThisUpdateWentBackwards, $"The downloaded {kind} CRL was ignored: {reason}.");
        }

        if (lastSeen is null && lastSeenThisUpdate is { } seen && crl.ThisUpdate < seen)
        {
            var reason = $"its thisUpdate {crl.ThisUpdate:u} is older than {seen:u}, already seen";
            _logger.CrlOlderThanCached(authority.Id, result.Url, kind, reason);
            return new CrlError(CrlErrorCode.ThisUpdateWentBackwards, $"The downloaded {kind} CRL was ignored: {reason}.");
        }

        accepted = crl;
        return result.Error;
    }

    // Ordered by CRL number when both have one (the number floor above already refused a lower one; an equal number is
    // the same CRL, so an older thisUpdate under it is refused), else by thisUpdate.
    private static bool IsOlder(RevocationList candidate, RevocationList cached)
        => candidate.CrlNumber is { } number && cached.CrlNumber is { } cachedNumber
            ? number < cachedNumber || (number == cachedNumber && candidate.ThisUpdate < cached.ThisUpdate)
            : candidate.ThisUpdate < cached.ThisUpdate;

    private static BigInteger? Max(BigInteger? left, BigInteger? right)
        => left is null ? right : right is null ? left : BigInteger.Max(left.Value, right.Value);

    private sealed class Entry(string identity)
    {
        public Lock Gate { get; } = new();

        public string Identity { get; } = identity;

        public volatile CachedCrl Snapshot = CachedCrl.Empty;

        public Task<CachedCrl>? Refresh { get; set; }

        public DateTimeOffset? LastAttempt { get; set; }

        public BigInteger? LastBaseNumber { get; set; }

        public BigInteger? LastDeltaNumber { get; set; }

        public DateTimeOffset? LastBaseThisUpdate { get; set; }

        public bool StateLoaded { get; set; }
    }
}
