namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>CRL download and cache settings (configuration section suggestion: <c>Federation:Crl</c>).</summary>
public sealed class CrlOptions
{
    /// <summary>Name of the <see cref="System.Net.Http.IHttpClientFactory"/> client used for downloads.</summary>
    public const string HttpClientName = "CertAuth.Crl";

    /// <summary>Per-download timeout (headers and body). Default 10 seconds (as Azure AD).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Maximum CRL size; larger bodies are aborted while streaming. Default 20 MiB.</summary>
    public long MaxCrlSizeBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// Fraction (0 &lt; f &lt; 1) of a CRL's validity (thisUpdate..nextUpdate) after which a background refresh starts
    /// while the cached CRL keeps being served. Default 0.8.
    /// </summary>
    public double RefreshAheadFraction { get; set; } = 0.8;

    /// <summary>
    /// Minimum time between download attempts for a CA after a failed or unusable download (avoids hammering an
    /// unreachable server on every sign-in). Default 30 seconds.
    /// </summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tolerated clock difference when checking thisUpdate against now. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Accept CRLs signed with SHA-1. Default false.</summary>
    public bool AllowSha1 { get; set; }

    /// <summary>
    /// Folder where the last accepted CRL of each CA is kept (absolute; the roles resolve a relative
    /// <c>Crl:ArchiveDirectory</c> against the content root). At start-up an archived CRL that still verifies against the
    /// CA's certificate, is not older than the CRL number already seen and is before its nextUpdate is served at once,
    /// and the download follows in the background. Null (default): off, start-up waits for the download.
    /// </summary>
    public string? ArchiveDirectory { get; set; }

    /// <summary>
    /// Resolves a relative <see cref="ArchiveDirectory"/> against <paramref name="contentRoot"/>; without a content root
    /// (a tool) a relative one is turned off.
    /// </summary>
    public void ResolveArchiveDirectory(string? contentRoot)
    {
        if (ArchiveDirectory is not { Length: > 0 } configured || Path.IsPathFullyQualified(configured))
        {
            return;
        }

        ArchiveDirectory = contentRoot is null ? null : Path.GetFullPath(Path.Combine(contentRoot, configured));
    }
}
