using CertAuth.Federation.Certificates.Authorities;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>Holds each CA's current authentic base and delta CRL.</summary>
public interface ICrlCache
{
    /// <summary>
    /// Returns the cached CRLs; downloads (single-flight) when nothing valid is cached, and starts a background refresh
    /// when the cached CRL nears its nextUpdate.
    /// </summary>
    ValueTask<CachedCrl> GetAsync(TrustedCertificateAuthority authority, CancellationToken cancellationToken);

    /// <summary>Downloads now (joining a refresh already in flight) and returns the result.</summary>
    Task<CachedCrl> ForceRefreshAsync(TrustedCertificateAuthority authority, CancellationToken cancellationToken);

    /// <summary>
    /// Start-up only: loads the CA's CRLs kept by the <see cref="CrlArchive"/> (re-verified as a download is) when
    /// nothing is cached yet, and returns true when the cache then holds a fresh snapshot (the caller still starts a
    /// download). Caches without an archive return false.
    /// </summary>
    Task<bool> WarmFromArchiveAsync(TrustedCertificateAuthority authority, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Status for the CLI; null when the CA was never seen by this cache.</summary>
    CrlStatus? GetStatus(string authorityId);
}
