using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Revocation;

/// <summary>
/// Polls <c>crl_refresh_requests</c> (written by <c>certauth ca crl-refresh</c> in another process) and force-refreshes
/// the CRL cache for every CA whose request time moved since the last poll. Each instance remembers what it has seen,
/// so every instance refreshes once per request.
/// </summary>
internal sealed class CrlRefreshRequestWatcher(
    ICrlRefreshRequestStore requests,
    ITrustedAuthoritySource authorities,
    ICrlCache cache,
    IOptions<TokenServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<CrlRefreshRequestWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private bool _primed;

    /// <summary>One poll: returns the ids of the CAs that were refreshed.</summary>
    public async Task<IReadOnlyList<string>> PollOnceAsync(CancellationToken cancellationToken)
    {
        var pending = await requests.ListAsync(cancellationToken);
        var due = new List<string>();
        foreach (var request in pending)
        {
            var known = _seen.TryGetValue(request.AuthorityId, out var seenAt);
            if (!known || request.RequestedAt > seenAt)
            {
                _seen[request.AuthorityId] = request.RequestedAt;

                // Requests older than this instance were served by the first download anyway.
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
        foreach (var id in due)
        {
            if (all.FirstOrDefault(a => a.Id == id) is { } authority)
            {
                var result = await cache.ForceRefreshAsync(authority, cancellationToken);
                logger.CrlRefreshedOnRequest(id, result.Base?.CrlNumber?.ToString() ?? "none", result.LastError?.Code.ToString() ?? "none");
            }
        }

        return due;
    }

    /// <summary>Marks the current requests as seen without refreshing (start-up).</summary>
    public Task PrimeAsync(CancellationToken cancellationToken) => PollOnceAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A one-shot delay per round (not a periodic timer): a long clock jump yields one poll, not one per period.
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.CrlRefreshPollInterval, timeProvider, stoppingToken);
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.CrlRefreshPollFailed(ex);
            }
        }
    }
}
