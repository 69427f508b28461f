namespace CertAuth.Federation.Web.Hosting;

/// <summary>
/// One fixed-window limit per client IP address: at most <see cref="PermitLimit"/> requests in each <see cref="Window"/>.
/// Requests over the limit are refused at once (no queue) with HTTP 429 and a <c>Retry-After</c> header.
/// </summary>
public sealed class ClientRateLimitRule
{
    /// <summary>Requests allowed per client IP address in one window.</summary>
    public int PermitLimit { get; set; }

    /// <summary>Length of the window. Default 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
