using CertAuth.Federation.Web.Hosting;

namespace CertAuth.Federation.AdminApi;

/// <summary>
/// The admin HTTP API of one role (<c>Federation:Admin</c>, <c>TokenService:Admin</c>): off by default; when on, its
/// own HTTPS listener that requires a client certificate issued by <see cref="ClientCaCertificate"/>.
/// </summary>
public sealed class AdminApiOptions
{
    /// <summary>Serve the admin API. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The admin listener (https). Defaults: <c>https://localhost:44310</c> (federation), <c>https://localhost:44311</c> (token service).</summary>
    public Uri? Url { get; set; }

    /// <summary>The admin CA certificate (.cer, DER or PEM) that issues administrators' client certificates; required when enabled.</summary>
    public string? ClientCaCertificate { get; set; }

    /// <summary>Largest request body, in bytes (metadata documents are posted). Default 1 MiB.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The admin CA's CRL (http/https URL). When set, every admin certificate is also checked against it through the
    /// role's CRL cache (the same download, signature, freshness and never-backwards rules as sign-in CAs): a revoked
    /// certificate is refused (403, <c>CAA2007</c>), and so is every admin request while no valid CRL can be obtained
    /// (503, <c>CAA2008</c>, fail closed). Unset (default): admin certificates are not checked for revocation.
    /// </summary>
    public Uri? CrlUrl { get; set; }

    /// <summary>How long past its nextUpdate the admin CA's last good CRL may still be used when no fresh one can be obtained. Default none (fail closed at nextUpdate).</summary>
    public TimeSpan? CrlGracePeriod { get; set; }

    /// <summary>Per-client-IP fixed window on the admin listener (HTTP 429, code CAA2003). Default 120 requests per minute.</summary>
    public ClientRateLimitRule RateLimit { get; set; } = new() { PermitLimit = 120 };
}
