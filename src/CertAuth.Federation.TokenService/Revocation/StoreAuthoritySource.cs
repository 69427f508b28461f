using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.TokenService.Revocation;

/// <summary>
/// The trusted CAs (the <c>trusted_authorities</c> table shared with the federation server), re-read when the store's
/// version changes, checked at most every <see cref="RecheckInterval"/> so <c>certauth ca</c> changes apply in seconds.
/// </summary>
internal sealed class StoreAuthoritySource(ITrustedAuthorityStore store, TimeProvider timeProvider) : ITrustedAuthoritySource
{
    internal static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long Version, DateTimeOffset CheckedAt, IReadOnlyList<TrustedCertificateAuthority> Authorities)? _snapshot;

    public async ValueTask<IReadOnlyList<TrustedCertificateAuthority>> GetAuthoritiesAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_snapshot is { } fresh && now - fresh.CheckedAt < RecheckInterval)
        {
            return fresh.Authorities;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var version = await store.GetVersionAsync(cancellationToken);
            if (_snapshot is { } current && current.Version == version)
            {
                _snapshot = current with { CheckedAt = now };
                return current.Authorities;
            }

            var authorities = (await store.ListAsync(cancellationToken)).Select(ToAuthority).ToList();
            _snapshot = (version, now, authorities);
            return authorities;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static TrustedCertificateAuthority ToAuthority(TrustedAuthorityRecord record) => new()
    {
        Id = record.Id,
        AuthorityType = (CertificateAuthorityType)record.AuthorityType,
        Certificate = X509CertificateLoader.LoadCertificate(record.Certificate),
        CrlDistributionPoint = record.CrlDistributionPoint is null ? null : new Uri(record.CrlDistributionPoint),
        DeltaCrlDistributionPoint = record.DeltaCrlDistributionPoint is null ? null : new Uri(record.DeltaCrlDistributionPoint),
        TrustedIssuer = record.TrustedIssuer,
        TrustedIssuerSki = record.TrustedIssuerSki,
        CrlGracePeriod = record.CrlGracePeriodSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : null,
    };
}
