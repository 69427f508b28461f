using CertAuth.Federation.Web.Hosting;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// Throttling of the token service (<c>TokenService:RateLimits</c>), partitioned per client IP address (the TCP peer).
/// Refusals carry the code CAT90055 (Azure AD's AADSTS90055 means throttled).
/// </summary>
public sealed class TokenServiceRateLimitOptions
{
    /// <summary>Apply the limits. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// <c>/oauth2/token</c> (machines: code, refresh and SAML bearer grants). Default 600 requests per minute per client
    /// IP — a confidential client's back end redeems for many users from one address. Refused with JSON.
    /// </summary>
    public ClientRateLimitRule Token { get; set; } = new() { PermitLimit = 600 };

    /// <summary>
    /// The person-facing <c>/oauth2/authorize</c> and <c>/saml2/acs</c>. Default 300 requests per minute per client IP.
    /// Refused with a page.
    /// </summary>
    public ClientRateLimitRule Interactive { get; set; } = new() { PermitLimit = 300 };
}
