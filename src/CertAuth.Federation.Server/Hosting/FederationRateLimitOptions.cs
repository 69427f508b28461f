using CertAuth.Federation.Web.Hosting;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// Throttling of the federation server (<c>Federation:RateLimits</c>), partitioned per client IP address (the TCP peer;
/// behind a proxy that is the proxy's address, so raise the limits there). Validated at start-up.
/// </summary>
public sealed class FederationRateLimitOptions
{
    /// <summary>Apply the limits. Default true; turn off only when a front end already throttles per client.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The sign-in surface: <c>/adfs/ls/*</c> (SAML requests, IdP-initiated sign-on) and the certificate listener's
    /// <c>/adfs/ls/certauth</c>. Default 300 requests per minute per client IP (a sign-in takes two or three).
    /// </summary>
    public ClientRateLimitRule SignIn { get; set; } = new() { PermitLimit = 300 };

    /// <summary>The admin surface (<c>/adfs/portal/preview</c>). Default 120 requests per minute per client IP.</summary>
    public ClientRateLimitRule Admin { get; set; } = new() { PermitLimit = 120 };
}
