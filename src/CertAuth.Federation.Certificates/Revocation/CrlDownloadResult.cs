namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Outcome of <see cref="CrlDownloader.DownloadAsync"/>. <see cref="Crl"/> is set when the CRL parsed and its
/// signature verified; it is also set (with <see cref="Error"/> = Stale) for an authentic but expired CRL, so a
/// grace period can use it.
/// </summary>
/// <param name="Url">The URL fetched.</param>
/// <param name="Crl">The authentic CRL, if any.</param>
/// <param name="Error">The problem, if any.</param>
public sealed record CrlDownloadResult(Uri Url, RevocationList? Crl, CrlError? Error)
{
    /// <summary>True when the CRL is authentic and currently valid.</summary>
    public bool Succeeded => Error is null && Crl is not null;
}
