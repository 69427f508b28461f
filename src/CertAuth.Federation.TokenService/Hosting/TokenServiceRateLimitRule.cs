namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// One fixed-window limit per client IP address: at most <see cref="PermitLimit"/> requests in each <see cref="Window"/>;
/// over it a request is refused at once with HTTP 429 and <c>Retry-After</c>.
/// </summary>
public sealed class TokenServiceRateLimitRule
{
    /// <summary>Requests allowed per client IP address in one window.</summary>
    public int PermitLimit { get; set; }

    /// <summary>Length of the window. Default 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
