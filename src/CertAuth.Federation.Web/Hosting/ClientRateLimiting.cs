using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace CertAuth.Federation.Web.Hosting;

/// <summary>
/// What both roles' throttling shares: the partition per client IP address (a fixed window, no queue) and the
/// <c>Retry-After</c> answer. Each role keeps its own policies and its own refusal (page or protocol error).
/// </summary>
public static class ClientRateLimiting
{
    /// <summary>The partition key: the TCP peer's address (IPv4-mapped IPv6 as IPv4).</summary>
    public static string ClientKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>The limiter for <paramref name="context"/>'s client under <paramref name="rule"/>; no limit when disabled.</summary>
    public static RateLimitPartition<string> Partition(HttpContext context, bool enabled, ClientRateLimitRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        return RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// Sets <c>Retry-After</c> (whole seconds, at least 1: the limiter's own figure, else the window) and
    /// <c>Cache-Control: no-store</c> on a refused request's response; returns the seconds.
    /// </summary>
    public static int SetRetryAfter(HttpContext context, RateLimitLease lease, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lease);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return seconds;
    }
}
