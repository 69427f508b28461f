using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Cryptography;
using CertAuth.Federation.Certificates.Revocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates.Validation;

/// <summary>
/// Validates client certificates against the admin-configured CAs only. Rules, in order (first failure wins):
/// <list type="number">
/// <item>Chain: <see cref="X509Chain"/> with custom root trust (configured roots only; never the OS store), configured
/// intermediates (plus presented certificates as path hints only) in the extra store, no network access, no OS
/// revocation checking, verification time from <see cref="TimeProvider"/>. The chain must end at a configured root
/// and every CA in it must be configured → else <see cref="CertificateFailureReason.NotTrusted"/>.</item>
/// <item>Validity period of every certificate in the chain → Expired / NotYetValid.</item>
/// <item>Basic constraints (leaf CA:true, path length) → InvalidBasicConstraints.</item>
/// <item>Signature algorithms of leaf and intermediates → WeakSignatureAlgorithm.</item>
/// <item>Key types and sizes of every certificate: RSA and EC only (by algorithm OID) → UnsupportedKeyAlgorithm; below
/// the minimum size → WeakKey.</item>
/// <item>Any other chain error (bad signature, unsupported critical extension...) → InvalidChain.</item>
/// <item>Leaf EKU → NotForClientAuthentication.</item>
/// <item>Issuing CA constraints (TrustedIssuer DN, TrustedIssuerSki vs the leaf's AKI) → NotTrusted.</item>
/// <item>Revocation: each non-root certificate against the CRL of the configured CA that issued it. A CA without a CRL
/// URL means no check for what it issued (a warning is logged once per CA) → Revoked / RevocationUnknown.</item>
/// </list>
/// </summary>
public sealed class ClientCertificateValidator : IClientCertificateValidator
{
    private const X509ChainStatusFlags IgnoredFlags = X509ChainStatusFlags.NoError | X509ChainStatusFlags.NotTimeValid
        | X509ChainStatusFlags.NotTimeNested | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation
        | X509ChainStatusFlags.HasWeakSignature;

    private readonly ConcurrentDictionary<string, bool> _warnedNoCrl = new(StringComparer.Ordinal);
    private readonly ValidatedChainCache _chainCache = new();
    private readonly ITrustedAuthoritySource _authoritySource;
    private readonly IRevocationChecker _revocationChecker;
    private readonly IOptionsMonitor<ClientCertificateValidationOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ClientCertificateValidator> _logger;

    /// <summary>Creates the validator.</summary>
    public ClientCertificateValidator(
        ITrustedAuthoritySource authoritySource,
        IRevocationChecker revocationChecker,
        IOptionsMonitor<ClientCertificateValidationOptions> options,
        TimeProvider timeProvider,
        ILogger<ClientCertificateValidator> logger)
    {
        _authoritySource = authoritySource;
        _revocationChecker = revocationChecker;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Successful chain validations held by the validated-chain cache now (tests, diagnostics).</summary>
    public int CachedChainCount => _chainCache.Count;

    /// <inheritdoc />
    public ValueTask<CertificateValidationResult> ValidateAsync(
        X509Certificate2 certificate, X509Certificate2Collection? presentedChain, CancellationToken cancellationToken)
        => ValidateAsync(certificate, presentedChain, null, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<CertificateValidationResult> ValidateAsync(
        X509Certificate2 certificate, X509Certificate2Collection? presentedChain, CertificateValidationTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var authorities = await _authoritySource.GetAuthoritiesAsync(cancellationToken).ConfigureAwait(false);
        var options = _options.CurrentValue;
        var now = _timeProvider.GetUtcNow();
        CertificateValidationResult result;
        if (trace is not null || options.ChainCacheSize <= 0)
        {
            result = ValidateChain(certificate, presentedChain, authorities, options, now, trace);
        }
        else
        {
            // The chain part only (never revocation, checked below on every call): see ValidatedChainCache.
            var key = ValidatedChainCache.KeyOf(certificate, presentedChain);
            var cached = _chainCache.TryGet(key, certificate, authorities, options, now);
            Telemetry.CertificateTelemetry.RecordChainCache(cached is not null);
            result = cached ?? ValidateChain(certificate, presentedChain, authorities, options, now, trace);
            if (cached is null)
            {
                _chainCache.Add(key, result, authorities, options, now);
            }
        }

        if (result.Succeeded || trace is not null)
        {
            // Traced: every CA of the chain as built is checked even after an earlier refusal (information only).
            var checkedResult = await CheckRevocationAsync(result, authorities, trace, cancellationToken).ConfigureAwait(false);
            result = result.Succeeded ? checkedResult : result;
        }

        if (trace is not null)
        {
            // An explanation is not a sign-in: nothing is accepted or refused, so nothing is logged as such.
            return result;
        }

        if (result.Failure is { } failure)
        {
            _logger.CertificateRejected(failure.Reason, certificate.Subject, certificate.Thumbprint, certificate.Issuer, certificate.SerialNumber, failure.Detail);
        }
        else
        {
            _logger.CertificateAccepted(certificate.Subject, certificate.Thumbprint, certificate.Issuer, certificate.SerialNumber);
        }

        return result;
    }

    private static CertificateValidationResult ValidateChain(
        X509Certificate2 certificate,
        X509Certificate2Collection? presentedChain,
        IReadOnlyList<TrustedCertificateAuthority> authorities,
        ClientCertificateValidationOptions options,
        DateTimeOffset now,
        CertificateValidationTrace? trace)
    {
        var roots = authorities.Where(a => a.AuthorityType == CertificateAuthorityType.RootAuthority).ToList();
        if (roots.Count == 0)
        {
            var none = new CertificateFailure(CertificateFailureReason.NotTrusted, "No trusted root CA is configured.");
            trace?.SetChain([new CertificateChainLink(certificate, CertificateRules.Role(0, 1), null)]);
            trace?.Record(CertificateValidationSteps.Chain, none);
            return CertificateValidationResult.Fail(none.Reason, none.Detail);
        }

        if (CertificateRules.CheckLeafKeyAlgorithm(certificate) is { } keyFailure)
        {
            trace?.SetChain([new CertificateChainLink(certificate, CertificateRules.Role(0, 1), null)]);
            trace?.Record(CertificateValidationSteps.KeyPolicy, keyFailure);
            return CertificateValidationResult.Fail(keyFailure.Reason, keyFailure.Detail);
        }

        List<X509Certificate2> chain;
        X509ChainStatusFlags flags;
        try
        {
            (chain, flags) = BuildChain(certificate, presentedChain, authorities, roots, now);
        }
        catch (CryptographicException ex)
        {
            // E.g. a CA certificate in the path whose key OpenSSL cannot decode: a typed refusal, never an exception.
            var broken = new CertificateFailure(CertificateFailureReason.InvalidChain, $"The certificate chain could not be built: {ex.Message}");
            trace?.SetChain([new CertificateChainLink(certificate, CertificateRules.Role(0, 1), null)]);
            trace?.Record(CertificateValidationSteps.Chain, broken);
            return CertificateValidationResult.Fail(broken.Reason, broken.Detail);
        }

        trace?.SetChain(chain.Select((c, i) => new CertificateChainLink(c, CertificateRules.Role(i, chain.Count), FindAuthority(authorities, c))));
        trace?.Record(CertificateValidationSteps.KeyPolicy, null);
        var root = chain.Count > 0 ? FindAuthority(authorities, chain[^1]) : null;
        CertificateFailure? trustFailure = null;
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0
            || root is not { AuthorityType: CertificateAuthorityType.RootAuthority })
        {
            trustFailure = new CertificateFailure(CertificateFailureReason.NotTrusted,
                $"The certificate does not chain to a configured root CA (issuer '{certificate.Issuer}').");
        }

        for (var i = 1; trustFailure is null && i < chain.Count - 1; i++)
        {
            if (FindAuthority(authorities, chain[i]) is null)
            {
                trustFailure = new CertificateFailure(CertificateFailureReason.NotTrusted,
                    $"The intermediate CA '{chain[i].Subject}' is not configured as a trusted CA.");
            }
        }

        var issuing = chain.Count > 1 ? FindAuthority(authorities, chain[1]) : null;
        if (trustFailure is not null)
        {
            if (trace is not null)
            {
                trace.Record(CertificateValidationSteps.Chain, trustFailure);
                _ = ApplyRules(certificate, chain, flags, issuing, options, now, trace);
            }

            return CertificateValidationResult.Fail(trustFailure.Reason, trustFailure.Detail, chain);
        }

        trace?.Record(CertificateValidationSteps.Chain, null);
        var failure = ApplyRules(certificate, chain, flags, issuing, options, now, trace);
        return failure is null
            ? CertificateValidationResult.Success(issuing!, chain)
            : CertificateValidationResult.Fail(failure.Reason, failure.Detail, chain, issuing);
    }

    // The rules after the trust anchor, in order; the first failure wins. Untraced, evaluation stops there; traced, the
    // remaining rules are evaluated and recorded too (the verdict is still the first failure).
    private static CertificateFailure? ApplyRules(
        X509Certificate2 certificate,
        List<X509Certificate2> chain,
        X509ChainStatusFlags flags,
        TrustedCertificateAuthority? issuing,
        ClientCertificateValidationOptions options,
        DateTimeOffset now,
        CertificateValidationTrace? trace)
    {
        CertificateFailure? first = null;
        for (var rule = 0; rule < 8 && (first is null || trace is not null); rule++)
        {
            var (step, failure) = rule switch
            {
                0 => (CertificateValidationSteps.Validity, CertificateRules.CheckTimeValidity(chain, now)),
                1 => (CertificateValidationSteps.Chain, CertificateRules.CheckLeafBasicConstraints(certificate)),
                2 => (CertificateValidationSteps.Chain, (flags & X509ChainStatusFlags.InvalidBasicConstraints) != 0
                    ? new CertificateFailure(CertificateFailureReason.InvalidBasicConstraints, "A CA in the chain violates its basic constraints (path length).")
                    : null),
                3 => (CertificateValidationSteps.KeyPolicy, CertificateRules.CheckSignatureAlgorithms(chain, options.AllowSha1)),
                4 => (CertificateValidationSteps.KeyPolicy, CertificateRules.CheckKeySizes(chain, options)),
                5 => (CertificateValidationSteps.Chain, (flags & ~IgnoredFlags & ~(X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0
                    ? new CertificateFailure(CertificateFailureReason.InvalidChain, $"The certificate chain is invalid ({flags & ~IgnoredFlags}).")
                    : null),
                6 => (CertificateValidationSteps.ExtendedKeyUsage, CertificateRules.CheckExtendedKeyUsage(certificate, options.RequireClientAuthenticationEku)),
                _ => (CertificateValidationSteps.IssuerConstraints, CheckIssuerConstraints(certificate, issuing)),
            };
            trace?.Record(step, failure);
            first ??= failure;
        }

        return first;
    }

    private static (List<X509Certificate2> Chain, X509ChainStatusFlags Flags) BuildChain(
        X509Certificate2 certificate,
        X509Certificate2Collection? presentedChain,
        IReadOnlyList<TrustedCertificateAuthority> authorities,
        IReadOnlyList<TrustedCertificateAuthority> roots,
        DateTimeOffset now)
    {
        using var x509Chain = new X509Chain();
        var policy = x509Chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        foreach (var root in roots)
        {
            policy.CustomTrustStore.Add(root.Certificate);
        }

        foreach (var intermediate in authorities.Where(a => a.AuthorityType == CertificateAuthorityType.IntermediateAuthority))
        {
            policy.ExtraStore.Add(intermediate.Certificate);
        }

        if (presentedChain is not null)
        {
            // Path hints only: with CustomRootTrust nothing in ExtraStore can become a trust anchor, and every CA in
            // the resulting chain must still match a configured authority.
            policy.ExtraStore.AddRange(presentedChain);
        }

        x509Chain.Build(certificate);
        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in x509Chain.ChainStatus)
        {
            flags |= status.Status;
        }

        var chain = new List<X509Certificate2>(x509Chain.ChainElements.Count);
        foreach (var element in x509Chain.ChainElements)
        {
            foreach (var status in element.ChainElementStatus)
            {
                flags |= status.Status;
            }

            // Copy out of the chain (its certificates are disposed with it); reuse our own instances when possible.
            chain.Add(element.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)
                ? certificate
                : FindAuthority(authorities, element.Certificate)?.Certificate ?? X509CertificateLoader.LoadCertificate(element.Certificate.RawData));
        }

        return (chain, flags);
    }

    private static CertificateFailure? CheckIssuerConstraints(X509Certificate2 leaf, TrustedCertificateAuthority? issuing)
    {
        if (issuing is null)
        {
            return new CertificateFailure(CertificateFailureReason.NotTrusted, "The issuing CA of the certificate is not configured.");
        }

        var aki = KeyIdentifiers.FindAuthorityKeyIdentifier(leaf);
        if (aki is not null && KeyIdentifiers.FindSubjectKeyIdentifier(issuing.Certificate) is { } ski && !KeyIdentifiers.HexEquals(aki, ski))
        {
            return new CertificateFailure(CertificateFailureReason.NotTrusted, "The certificate's authority key identifier does not match its issuing CA.");
        }

        if (issuing.TrustedIssuer is { Length: > 0 } trustedIssuer && !SameName(trustedIssuer, leaf.IssuerName))
        {
            return new CertificateFailure(CertificateFailureReason.NotTrusted,
                $"The certificate's issuer '{leaf.Issuer}' is not the TrustedIssuer configured for CA '{issuing.Id}'.");
        }

        if (issuing.TrustedIssuerSki is { Length: > 0 } trustedSki && !KeyIdentifiers.HexEquals(trustedSki, aki))
        {
            return new CertificateFailure(CertificateFailureReason.NotTrusted,
                $"The certificate's authority key identifier is not the TrustedIssuerSki configured for CA '{issuing.Id}'.");
        }

        return null;
    }

    private static bool SameName(string configured, X500DistinguishedName actual)
    {
        if (string.Equals(configured, actual.Name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            return string.Equals(new X500DistinguishedName(configured).Name, actual.Name, StringComparison.OrdinalIgnoreCase);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static TrustedCertificateAuthority? FindAuthority(IReadOnlyList<TrustedCertificateAuthority> authorities, X509Certificate2 certificate)
    {
        foreach (var authority in authorities)
        {
            if (authority.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
            {
                return authority;
            }
        }

        return null;
    }

    // RFC 5280 §6.3: each non-root certificate is checked against the CRL of the CA that issued it. Traced, every
    // certificate whose issuer is a configured CA is checked and recorded, and the first refusal is still the answer.
    private async ValueTask<CertificateValidationResult> CheckRevocationAsync(
        CertificateValidationResult result, IReadOnlyList<TrustedCertificateAuthority> authorities, CertificateValidationTrace? trace, CancellationToken cancellationToken)
    {
        var chain = result.Chain;
        CertificateValidationResult? refused = null;
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var issuer = FindAuthority(authorities, chain[i + 1]);
            if (issuer is null)
            {
                // Only on a traced chain that was already refused (untraced, every CA of a valid chain is configured).
                continue;
            }

            var role = CertificateRules.Role(i, chain.Count);
            if (issuer.CrlDistributionPoint is null)
            {
                if (_warnedNoCrl.TryAdd(issuer.Id, true))
                {
                    _logger.NoCrlConfigured(issuer.Id);
                }

                trace?.Record(new CertificateRevocationOutcome(issuer, chain[i], role, new RevocationCheckResult
                {
                    Status = RevocationStatus.NotChecked,
                    Failure = new CrlError(CrlErrorCode.NotConfigured, $"CA '{issuer.Id}' has no CRL URL configured."),
                }));
                continue;
            }

            var kind = i == 0 ? CertificateKind.EndEntity : CertificateKind.CertificateAuthority;
            using var span = Telemetry.CertificateTelemetry.Source.StartActivity("certauth.crl_check");
            span?.SetTag(Telemetry.CertificateTelemetry.AuthorityTag, issuer.Id);
            var check = await _revocationChecker.CheckAsync(issuer, chain[i].SerialNumber, kind, cancellationToken).ConfigureAwait(false);
            span?.SetTag("certauth.revocation.status", check.Status.ToString());
            trace?.Record(new CertificateRevocationOutcome(issuer, chain[i], role, check));
            refused ??= check.Status switch
            {
                RevocationStatus.Revoked => CertificateValidationResult.Fail(CertificateFailureReason.Revoked,
                    $"The {role} certificate (serial {chain[i].SerialNumber}) was revoked at {check.RevocationDate:u} (CRL of '{issuer.Id}' dated {check.EffectiveDate:u}).",
                    chain, result.IssuingAuthority),
                RevocationStatus.Unknown => CertificateValidationResult.Fail(CertificateFailureReason.RevocationUnknown,
                    $"The revocation status of the {role} certificate is unknown: {check.Failure}", chain, result.IssuingAuthority),
                _ => null,
            };
            if (refused is not null && trace is null)
            {
                return refused;
            }
        }

        return refused ?? result;
    }
}
