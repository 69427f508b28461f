using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Decides revocation from the cached CRLs (RFC 5280 §6.3):
/// <list type="bullet">
/// <item>a CA without a configured CRL URL → <see cref="RevocationStatus.NotChecked"/>;</item>
/// <item>no authentic base CRL, or only an expired one beyond the CA's <see cref="TrustedCertificateAuthority.CrlGracePeriod"/>
/// → <see cref="RevocationStatus.Unknown"/> (fail closed);</item>
/// <item>revoked = base ∪ delta, the delta used only while valid and when its base CRL number is not newer than the
/// base's number (§5.2.4); a delta entry with reason removeFromCRL un-revokes a base entry;</item>
/// <item>EffectiveDate = thisUpdate of the CRL the serial appears on (the base when on both).</item>
/// </list>
/// </summary>
public sealed class RevocationChecker : IRevocationChecker
{
    private readonly ICrlCache _cache;
    private readonly IOptionsMonitor<CrlOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RevocationChecker> _logger;

    /// <summary>Creates the checker.</summary>
    public RevocationChecker(ICrlCache cache, IOptionsMonitor<CrlOptions> options, TimeProvider timeProvider, ILogger<RevocationChecker> logger)
    {
        _cache = cache;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<RevocationCheckResult> CheckAsync(
        TrustedCertificateAuthority issuingAuthority, string serialNumberHex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuingAuthority);
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumberHex);
        if (issuingAuthority.CrlDistributionPoint is null)
        {
            return new RevocationCheckResult
            {
                Status = RevocationStatus.NotChecked,
                Failure = new CrlError(CrlErrorCode.NotConfigured, $"CA '{issuingAuthority.Id}' has no CRL URL configured."),
            };
        }

        var cached = await _cache.GetAsync(issuingAuthority, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var skew = _options.CurrentValue.ClockSkew;
        var baseCrl = cached.Base;
        if (baseCrl is null)
        {
            return Unknown(issuingAuthority, serialNumberHex,
                cached.LastError ?? new CrlError(CrlErrorCode.DownloadFailed, "No CRL has been obtained yet."));
        }

        var usedGrace = false;
        if (baseCrl.NextUpdate is not { } nextUpdate || nextUpdate <= now)
        {
            if (baseCrl.NextUpdate is { } expired && issuingAuthority.CrlGracePeriod is { } grace && now < expired + grace)
            {
                usedGrace = true;
            }
            else
            {
                var detail = $"The last CRL of CA '{issuingAuthority.Id}' expired at {baseCrl.NextUpdate:u}"
                             + (cached.LastError is { } last ? $"; last refresh: {last}" : ".");
                return Unknown(issuingAuthority, serialNumberHex, new CrlError(cached.LastError?.Code ?? CrlErrorCode.Stale, detail));
            }
        }

        var delta = cached.Delta is { } d && d.ThisUpdate <= now + skew && d.NextUpdate > now && d.BaseCrlNumber <= baseCrl.CrlNumber ? d : null;
        var onBase = baseCrl.TryGetRevocation(serialNumberHex, out var baseDate, out var baseReason)
                     && baseReason != X509RevocationReason.RemoveFromCrl;
        if (delta is not null && delta.TryGetRevocation(serialNumberHex, out var deltaDate, out var deltaReason))
        {
            if (deltaReason == X509RevocationReason.RemoveFromCrl)
            {
                return new RevocationCheckResult { Status = RevocationStatus.Good, UsedGracePeriod = usedGrace };
            }

            if (!onBase)
            {
                return Revoked(deltaDate, delta.ThisUpdate, usedGrace);
            }
        }

        return onBase
            ? Revoked(baseDate, baseCrl.ThisUpdate, usedGrace)
            : new RevocationCheckResult { Status = RevocationStatus.Good, UsedGracePeriod = usedGrace };
    }

    private static RevocationCheckResult Revoked(DateTimeOffset revocationDate, DateTimeOffset effectiveDate, bool usedGrace) => new()
    {
        Status = RevocationStatus.Revoked,
        RevocationDate = revocationDate,
        EffectiveDate = effectiveDate,
        UsedGracePeriod = usedGrace,
    };

    private RevocationCheckResult Unknown(TrustedCertificateAuthority authority, string serial, CrlError error)
    {
        _logger.RevocationUnknown(authority.Id, serial, error.Code, error.Detail);
        return new RevocationCheckResult { Status = RevocationStatus.Unknown, Failure = error };
    }
}
