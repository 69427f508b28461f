using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server.Hosting;

/// <summary>
/// The federation server's throttling (ASP.NET Core rate limiting): a fixed window per client IP address for the sign-in
/// surface and the admin surface. A refused request gets the themed CAF1301 page, HTTP 429 and <c>Retry-After</c>.
/// </summary>
public static class FederationRateLimiting
{
    /// <summary>Policy of <c>/adfs/ls/*</c> and the certificate listener.</summary>
    public const string SignInPolicy = "certauth-signin";

    /// <summary>Policy of <c>/adfs/portal/preview</c>.</summary>
    public const string AdminPolicy = "certauth-admin";

    internal static void Add(IServiceCollection services, FederationRateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInPolicy, context => Partition(context, options.Enabled, options.SignIn));
            limiter.AddPolicy(AdminPolicy, context => Partition(context, options.Enabled, options.Admin));
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease, options);
        });
    }

    /// <summary>
    /// Endpoint convention for the MVC routes: <c>/adfs/ls</c> and below get the sign-in policy, <c>/adfs/portal/preview</c>
    /// the admin policy. By route rather than by controller attribute, so the policy follows the URL wherever the
    /// controller lives.
    /// </summary>
    internal static void ApplyPolicyByRoute(EndpointBuilder endpoint)
    {
        var route = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText?.Trim('/') ?? string.Empty;
        if (route.Equals("adfs/ls", StringComparison.OrdinalIgnoreCase) || route.StartsWith("adfs/ls/", StringComparison.OrdinalIgnoreCase))
        {
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(SignInPolicy));
        }
        else if (route.StartsWith("adfs/portal/preview", StringComparison.OrdinalIgnoreCase))
        {
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(AdminPolicy));
        }
    }

    /// <summary>The partition key: the TCP peer's address (IPv4-mapped IPv6 as IPv4).</summary>
    internal static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static RateLimitPartition<string> Partition(HttpContext context, bool enabled, RateLimitRule rule)
    {
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

    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, FederationRateLimitOptions options)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.SignIn.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";

        var correlationId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        var services = http.RequestServices;
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FederationRateLimiting))
            .RequestThrottled(http.Request.Path.Value ?? "/", ClientKey(http), seconds, correlationId);

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var page = ErrorPageResult.For(new SignInError(SignInErrorCode.ServerBusy, $"More than the allowed requests from {ClientKey(http)}; retry after {seconds} s."), correlationId, now);
        var action = http.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() ?? new ActionDescriptor();
        await page.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), action));
    }
}
