using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Decides revocation from the cached CRLs (RFC 5280 §6.3). Every path that lacks evidence answers
/// <see cref="RevocationStatus.Unknown"/> (fail closed) with a typed <see cref="CrlError"/>:
/// <list type="bullet">
/// <item>a CA without a configured CRL URL → <see cref="RevocationStatus.NotChecked"/>;</item>
/// <item>a serial number that is not hexadecimal → Unknown (<see cref="CrlErrorCode.InvalidSerialNumber"/>), never "not on the CRL";</item>
/// <item>no authentic base CRL, or only an expired one beyond the CA's <see cref="TrustedCertificateAuthority.CrlGracePeriod"/>
/// → Unknown;</item>
/// <item>a CRL whose Issuing Distribution Point scope excludes the certificate (onlyContainsCACerts for an end-entity
/// certificate, onlyContainsUserCerts for a CA, onlyContainsAttributeCerts, onlySomeReasons, indirectCRL) → Unknown
/// (<see cref="CrlErrorCode.ScopeExcludesCertificate"/>);</item>
/// <item>a CA with a delta CRL URL needs a usable delta (issue 11: a delta is never silently skipped): none obtained
/// → Unknown with the delta download's own problem (or <see cref="CrlErrorCode.DeltaCrlMissing"/>); a delta based on a
/// newer base (<see cref="CrlErrorCode.DeltaCrlBaseTooNew"/>), not newer than the base
/// (<see cref="CrlErrorCode.DeltaCrlNotNewerThanBase"/>) or with another scope (<see cref="CrlErrorCode.DeltaCrlScopeMismatch"/>)
/// → Unknown; an expired delta is used within the CA's grace period (counted from its nextUpdate), as the base is;</item>
/// <item>revoked = base ∪ delta; a delta entry with reason removeFromCRL un-revokes only a base entry on hold
/// (certificateHold), never a permanent revocation;</item>
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
    public ValueTask<RevocationCheckResult> CheckAsync(
        TrustedCertificateAuthority issuingAuthority, string serialNumberHex, CancellationToken cancellationToken)
        => CheckAsync(issuingAuthority, serialNumberHex, CertificateKind.EndEntity, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<RevocationCheckResult> CheckAsync(
        TrustedCertificateAuthority issuingAuthority, string serialNumberHex, CertificateKind kind, CancellationToken cancellationToken)
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

        if (!IsHexSerial(serialNumberHex))
        {
            return Unknown(issuingAuthority, serialNumberHex, new CrlError(CrlErrorCode.InvalidSerialNumber,
                "The serial number is not hexadecimal (digits and A-F, optionally separated by spaces or colons)."));
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

        if (baseCrl.IssuingDistributionPoint?.ExcludedBecause(kind) is { } excluded)
        {
            return Unknown(issuingAuthority, serialNumberHex, new CrlError(CrlErrorCode.ScopeExcludesCertificate,
                $"The CRL of CA '{issuingAuthority.Id}' cannot decide for this {Describe(kind)}: {excluded}."));
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
                // The base download's own problem (LastError falls back to the delta's when the base had none).
                var baseError = ReferenceEquals(cached.LastError, cached.DeltaError) ? null : cached.LastError;
                var detail = $"The last CRL of CA '{issuingAuthority.Id}' expired at {baseCrl.NextUpdate:u}"
                             + (baseError is { } last ? $"; last refresh: {last}" : ".");
                return Unknown(issuingAuthority, serialNumberHex, new CrlError(baseError?.Code ?? CrlErrorCode.Stale, detail));
            }
        }

        RevocationList? delta = null;
        if (issuingAuthority.DeltaCrlDistributionPoint is not null)
        {
            if (cached.Delta is not { } candidate)
            {
                var problem = cached.DeltaError ?? new CrlError(CrlErrorCode.DeltaCrlMissing, "No delta CRL has been obtained yet.");
                return Unknown(issuingAuthority, serialNumberHex, new CrlError(problem.Code,
                    $"CA '{issuingAuthority.Id}' publishes a delta CRL but none is usable: {problem.Detail}"));
            }

            var superseded = false;
            if (DeltaMismatch(baseCrl, candidate) is { } mismatch)
            {
                // A delta superseded by a newer base (the CDP published the base first) carries nothing the base does
                // not: within the CA's grace after the base's thisUpdate the base alone decides, and the stale delta is
                // ignored entirely (its removeFromCRL entries too). Every other mismatch, and this one past the grace,
                // fails closed.
                if (!(IsSupersededByBase(baseCrl, candidate)
                      && issuingAuthority.CrlGracePeriod is { } supersededGrace && now < baseCrl.ThisUpdate + supersededGrace))
                {
                    return Unknown(issuingAuthority, serialNumberHex, mismatch);
                }

                usedGrace = true;
                superseded = true;
            }

            if (!superseded)
            {
                if (candidate.ThisUpdate > now + skew)
                {
                    return Unknown(issuingAuthority, serialNumberHex,
                        new CrlError(CrlErrorCode.NotYetValid, $"The delta CRL's thisUpdate {candidate.ThisUpdate:u} is in the future."));
                }

                if (candidate.NextUpdate is not { } deltaNext || deltaNext <= now)
                {
                    if (candidate.NextUpdate is { } expired && issuingAuthority.CrlGracePeriod is { } grace && now < expired + grace)
                    {
                        usedGrace = true;
                    }
                    else
                    {
                        var detail = $"The last delta CRL of CA '{issuingAuthority.Id}' expired at {candidate.NextUpdate:u}"
                                     + (cached.DeltaError is { } last ? $"; last refresh: {last}" : ".");
                        return Unknown(issuingAuthority, serialNumberHex, new CrlError(cached.DeltaError?.Code ?? CrlErrorCode.Stale, detail));
                    }
                }

                delta = candidate;
            }
        }

        var onBase = baseCrl.TryGetRevocation(serialNumberHex, out var baseDate, out var baseReason)
                     && baseReason != X509RevocationReason.RemoveFromCrl;
        if (delta is not null && delta.TryGetRevocation(serialNumberHex, out var deltaDate, out var deltaReason))
        {
            if (deltaReason == X509RevocationReason.RemoveFromCrl)
            {
                // RFC 5280 §5.3.1: removeFromCRL releases a hold. A permanent revocation on the base stays.
                if (!onBase || baseReason == X509RevocationReason.CertificateHold)
                {
                    return new RevocationCheckResult { Status = RevocationStatus.Good, UsedGracePeriod = usedGrace };
                }
            }
            else if (!onBase)
            {
                return Revoked(deltaDate, delta.ThisUpdate, usedGrace);
            }
        }

        return onBase
            ? Revoked(baseDate, baseCrl.ThisUpdate, usedGrace)
            : new RevocationCheckResult { Status = RevocationStatus.Good, UsedGracePeriod = usedGrace };
    }

    /// <summary>
    /// True when <paramref name="delta"/> is authentic, in the base's scope, and no newer than <paramref name="baseCrl"/>
    /// (delta CRL number at most the base's): a complete CRL with a higher number already includes everything it says.
    /// </summary>
    internal static bool IsSupersededByBase(RevocationList baseCrl, RevocationList delta)
        => baseCrl.CrlNumber is { } baseNumber && delta.CrlNumber is { } deltaNumber && delta.BaseCrlNumber is { } deltaBase
           && deltaBase <= baseNumber && deltaNumber <= baseNumber
           && CrlIssuingDistributionPoint.SameScope(baseCrl.IssuingDistributionPoint, delta.IssuingDistributionPoint);

    /// <summary>
    /// Why <paramref name="delta"/> cannot be applied to <paramref name="baseCrl"/> (RFC 5280 §5.2.4), or null when it
    /// can: both carry CRL numbers, the delta's BaseCRLNumber is not newer than the base's number, the delta itself is
    /// newer than the base, and both have the same Issuing Distribution Point.
    /// </summary>
    internal static CrlError? DeltaMismatch(RevocationList baseCrl, RevocationList delta)
    {
        if (baseCrl.CrlNumber is not { } baseNumber || delta.CrlNumber is not { } deltaNumber || delta.BaseCrlNumber is not { } deltaBase)
        {
            return new CrlError(CrlErrorCode.DeltaCrlNotNewerThanBase,
                "The base or delta CRL has no CRL number, so the delta cannot be matched to the base (RFC 5280 §5.2.4).");
        }

        if (deltaBase > baseNumber)
        {
            return new CrlError(CrlErrorCode.DeltaCrlBaseTooNew,
                $"The delta CRL {deltaNumber} is based on CRL {deltaBase}, newer than the base CRL {baseNumber} in use.");
        }

        if (deltaNumber <= baseNumber)
        {
            return new CrlError(CrlErrorCode.DeltaCrlNotNewerThanBase,
                $"The delta CRL {deltaNumber} is not newer than the base CRL {baseNumber} in use.");
        }

        if (!CrlIssuingDistributionPoint.SameScope(baseCrl.IssuingDistributionPoint, delta.IssuingDistributionPoint))
        {
            return new CrlError(CrlErrorCode.DeltaCrlScopeMismatch,
                "The delta CRL's Issuing Distribution Point differs from the base CRL's.");
        }

        return null;
    }

    // Hex digits with optional ' ' or ':' separators, at least one digit: the form RevocationList.TryGetRevocation reads.
    private static bool IsHexSerial(string serial)
    {
        var digits = 0;
        foreach (var c in serial.AsSpan().Trim())
        {
            if (char.IsAsciiHexDigit(c))
            {
                digits++;
            }
            else if (c is not ' ' and not ':')
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static string Describe(CertificateKind kind) => kind == CertificateKind.EndEntity ? "end-entity certificate" : "CA certificate";

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
