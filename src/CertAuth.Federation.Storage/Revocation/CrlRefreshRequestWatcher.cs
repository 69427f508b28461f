using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Storage.Revocation;

/// <summary>
/// Polls <c>crl_refresh_requests</c> (written by <c>certauth ca crl-refresh</c> and <c>dev-certs revoke</c> in another
/// process) and force-refreshes the CRL cache for every CA whose request time moved since the last poll. Each role
/// instance remembers what it has seen, so every instance refreshes once per request. Both roles run one. It never
/// queries before the schema exists: it waits for (or runs) the shared <see cref="StorageInitializer"/> first, so a first
/// start against an empty database logs no <c>no such table</c>.
/// </summary>
public sealed partial class CrlRefreshRequestWatcher(
    ICrlRefreshRequestStore requests,
    ITrustedAuthoritySource authorities,
    ICrlCache cache,
    TimeSpan pollInterval,
    TimeProvider timeProvider,
    ILogger<CrlRefreshRequestWatcher> logger,
    StorageInitializer? storage = null) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _primed;

    /// <summary>One poll: returns the ids of the CAs that were refreshed. Polls never overlap.</summary>
    public async Task<IReadOnlyList<string>> PollOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await PollCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Remembers the requests that exist at start-up without acting on them (the first CRL download serves them). Runs
    /// before the host finishes starting, so no request made afterwards can be mistaken for an old one. A database
    /// whose schema does not exist yet has no requests: the schema is created first (the same run the role's initializer
    /// awaits), and when that fails here (another process is creating it) priming waits for the role's initializer.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (storage is not null)
            {
                await storage.InitializeAsync(cancellationToken);
            }

            await PollOnceAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            _primed = true;
        }

        await base.StartAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<string>> PollCoreAsync(CancellationToken cancellationToken)
    {
        var pending = await requests.ListAsync(cancellationToken);
        var due = new List<string>();
        foreach (var request in pending)
        {
            var known = _seen.TryGetValue(request.AuthorityId, out var seenAt);
            if (!known || request.RequestedAt > seenAt)
            {
                _seen[request.AuthorityId] = request.RequestedAt;

                // Requests older than this instance were served by its first download anyway.
                if (_primed || known)
                {
                    due.Add(request.AuthorityId);
                }
            }
        }

        _primed = true;
        if (due.Count == 0)
        {
            return due;
        }

        var all = await authorities.GetAuthoritiesAsync(cancellationToken);
        var refreshed = new List<string>();
        foreach (var authority in all.Where(a => due.Contains(a.Id, StringComparer.Ordinal)))
        {
            var result = await cache.ForceRefreshAsync(authority, cancellationToken);
            LogRefreshed(authority.Id, result.Base?.CrlNumber?.ToString() ?? "none", result.LastError?.Code.ToString() ?? "none");
            refreshed.Add(authority.Id);
        }

        return refreshed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A one-shot delay per round (not a periodic timer): a long clock jump yields one poll, not one per period.
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(pollInterval, timeProvider, stoppingToken);
            if (storage is { IsInitialized: false })
            {
                continue;
            }

            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(ex);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "CRL refreshed on request for {AuthorityId}: CRL number {CrlNumber}, error {Error}")]
    private partial void LogRefreshed(string authorityId, string crlNumber, string error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Polling CRL refresh requests failed")]
    private partial void LogPollFailed(Exception exception);
}
