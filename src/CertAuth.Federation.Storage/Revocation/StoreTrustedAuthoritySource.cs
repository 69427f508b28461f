using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Storage.Revocation;

/// <summary>
/// The trusted CAs as the certificate validator sees them: read from the store, re-read when the store's version
/// changes (checked at most every <see cref="RecheckInterval"/>), so <c>certauth ca</c> changes apply within seconds
/// without a restart and without a database round-trip per sign-in.
/// </summary>
public sealed class StoreTrustedAuthoritySource(ITrustedAuthorityStore store, TimeProvider timeProvider) : ITrustedAuthoritySource
{
    internal static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    public async ValueTask<IReadOnlyList<TrustedCertificateAuthority>> GetAuthoritiesAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var current = _snapshot;
        if (current is not null && now - current.CheckedAt < RecheckInterval)
        {
            return current.Authorities;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is not null && now - current.CheckedAt < RecheckInterval)
            {
                return current.Authorities;
            }

            var version = await store.GetVersionAsync(cancellationToken);
            if (current is not null && current.Version == version)
            {
                _snapshot = current with { CheckedAt = now };
                return current.Authorities;
            }

            var records = await store.ListAsync(cancellationToken);
            var authorities = records.Select(ToAuthority).ToList();
            _snapshot = new Snapshot(version, now, authorities);
            return authorities;
        }
        finally
        {
            _gate.Release();
        }
    }

    public static TrustedCertificateAuthority ToAuthority(TrustedAuthorityRecord record) => new()
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

    private sealed record Snapshot(long Version, DateTimeOffset CheckedAt, IReadOnlyList<TrustedCertificateAuthority> Authorities);
}
