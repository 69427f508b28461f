using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Storage.Seeding;

/// <summary>
/// A trusted CA as appsettings.json writes it, in either role's section (<c>Federation:TrustedCertificateAuthorities</c>,
/// <c>TokenService:TrustedCertificateAuthorities</c>), and the one rule both roles' seeders use to add it to their store.
/// </summary>
public sealed record TrustedAuthoritySeedValues(
    string AuthorityType,
    string? CrlDistributionPoint,
    string? DeltaCrlDistributionPoint,
    string? TrustedIssuer,
    string? TrustedIssuerSki,
    TimeSpan? CrlGracePeriod);

/// <summary>Adds a configured CA to a role's trusted-CA list unless the list already has it (seeding never overwrites).</summary>
public static class TrustedAuthoritySeeding
{
    /// <summary>Adds <paramref name="certificate"/> with <paramref name="values"/>; false when a CA with its id already exists.</summary>
    public static async Task<bool> AddIfMissingAsync(
        ITrustedAuthorityStore store, X509Certificate2 certificate, TrustedAuthoritySeedValues values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(values);
        var thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var id = TrustedAuthorityRecord.IdFromThumbprint(thumbprint);
        if (await store.FindAsync(id, cancellationToken) is not null)
        {
            return false;
        }

        await store.AddAsync(
            new TrustedAuthorityRecord
            {
                Id = id,
                AuthorityType = values.AuthorityType == "IntermediateAuthority" ? 1 : 0,
                Certificate = certificate.RawData,
                Thumbprint = thumbprint,
                Subject = certificate.Subject,
                CrlDistributionPoint = values.CrlDistributionPoint,
                DeltaCrlDistributionPoint = values.DeltaCrlDistributionPoint,
                TrustedIssuer = values.TrustedIssuer,
                TrustedIssuerSki = values.TrustedIssuerSki,
                CrlGracePeriodSeconds = values.CrlGracePeriod is { } grace ? (int)grace.TotalSeconds : null,
                Source = RecordSource.Configuration,
            },
            cancellationToken);
        return true;
    }
}
