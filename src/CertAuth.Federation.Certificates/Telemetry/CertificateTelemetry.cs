using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;

namespace CertAuth.Federation.Certificates.Telemetry;

/// <summary>
/// The certificate library's telemetry (issue #15): the <c>CertAuth.Federation.Certificates</c> ActivitySource (span
/// <c>certauth.crl_check</c>, one per CA checked) and Meter (<c>certauth.crl.download_failures</c>). Names are
/// documented in README.md ("Observability").
/// </summary>
public static class CertificateTelemetry
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string Name = "CertAuth.Federation.Certificates";

    /// <summary>Tag naming the CA (its configured id).</summary>
    public const string AuthorityTag = "certauth.ca";

    /// <summary>Spans of the certificate library.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter StaticMeter = new(Name);

    /// <summary><c>certauth.crl.download_failures</c> ({failure}): CRL downloads that failed or were unusable, by CA and CRL error code.</summary>
    internal static readonly Counter<long> DownloadFailures = StaticMeter.CreateCounter<long>(
        "certauth.crl.download_failures", "{failure}", "CRL downloads that failed or returned an unusable CRL, by CA (certauth.ca), delta or base (certauth.crl.kind) and error code (certauth.crl.error).");

    /// <summary>
    /// <c>certauth.certificate.chain_cache</c> ({lookup}): chain validations answered from the validated-chain cache
    /// (<c>certauth.cache.result</c> = hit) or built (miss). Revocation is checked either way.
    /// </summary>
    internal static readonly Counter<long> ChainCacheLookups = StaticMeter.CreateCounter<long>(
        "certauth.certificate.chain_cache", "{lookup}", "Client certificate chain validations answered from the validated-chain cache (certauth.cache.result=hit) or built (miss); revocation is checked either way.");

    internal static void RecordChainCache(bool hit) =>
        ChainCacheLookups.Add(1, new KeyValuePair<string, object?>("certauth.cache.result", hit ? "hit" : "miss"));

    internal static void RecordDownloadFailure(string authorityId, bool delta, CrlErrorCode code) =>
        DownloadFailures.Add(1, new KeyValuePair<string, object?>(AuthorityTag, authorityId),
            new KeyValuePair<string, object?>("certauth.crl.kind", delta ? "delta" : "base"),
            new KeyValuePair<string, object?>("certauth.crl.error", code.ToString()));
}

/// <summary>
/// Observable gauges of the cached CRLs, per CA (tag <c>certauth.ca</c>): <c>certauth.crl.age</c> (s, since the base
/// CRL's thisUpdate), <c>certauth.crl.time_to_next_update</c> (s, negative once past nextUpdate) and
/// <c>certauth.crl.entries</c> ({entry}, base plus delta). Read from <see cref="ICrlCache.GetStatus"/> at collection time;
/// the list of CAs is the last one read from <see cref="ITrustedAuthoritySource"/> (refreshed on each collection).
/// </summary>
public sealed class CrlMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly ITrustedAuthoritySource _authorities;
    private readonly ICrlCache _cache;
    private readonly TimeProvider _timeProvider;
    private IReadOnlyList<TrustedCertificateAuthority> _known = [];

    /// <summary>Creates the gauges on a meter from <paramref name="meterFactory"/> (so each host has its own).</summary>
    public CrlMetrics(IMeterFactory meterFactory, ITrustedAuthoritySource authorities, ICrlCache cache, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _authorities = authorities;
        _cache = cache;
        _timeProvider = timeProvider;
        _meter = meterFactory.Create(CertificateTelemetry.Name);
        _meter.CreateObservableGauge("certauth.crl.age", () => Observe(s => s.ThisUpdate is { } t ? (_timeProvider.GetUtcNow() - t).TotalSeconds : null), "s",
            "Age of the cached base CRL (now minus its thisUpdate), per CA.");
        _meter.CreateObservableGauge("certauth.crl.time_to_next_update", () => Observe(s => s.NextUpdate is { } t ? (t - _timeProvider.GetUtcNow()).TotalSeconds : null), "s",
            "Seconds until the cached base CRL's nextUpdate (negative once past it), per CA.");
        _meter.CreateObservableGauge("certauth.crl.entries", () => Observe(s => s.ThisUpdate is null ? null : s.Entries + s.DeltaEntries), "{entry}",
            "Revoked entries in the cached base plus delta CRL, per CA.");
    }

    private IEnumerable<Measurement<double>> Observe(Func<CrlStatus, double?> read)
    {
        var pending = _authorities.GetAuthoritiesAsync(CancellationToken.None);
        if (pending.IsCompletedSuccessfully)
        {
            _known = pending.Result;
        }

        var measurements = new List<Measurement<double>>();
        foreach (var authority in _known)
        {
            if (_cache.GetStatus(authority.Id) is { } status && read(status) is { } value)
            {
                measurements.Add(new Measurement<double>(value, new KeyValuePair<string, object?>(CertificateTelemetry.AuthorityTag, authority.Id)));
            }
        }

        return measurements;
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
