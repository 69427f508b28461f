using System.Diagnostics;
using System.Threading.RateLimiting;
using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Server.Pages;
using CertAuth.Federation.Web.Hosting;
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
            limiter.AddPolicy(SignInPolicy, context => ClientRateLimiting.Partition(context, options.Enabled, options.SignIn));
            limiter.AddPolicy(AdminPolicy, context => ClientRateLimiting.Partition(context, options.Enabled, options.Admin));
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

    /// <summary>
    /// Issue 13: a request that fails because the database is unreachable (after the retries of idempotent reads) gets
    /// the themed page CAF1302 with 503 and <c>Retry-After</c>, never a 500; the load balancer's probe takes the node out meanwhile.
    /// </summary>
    internal static async Task AnswerStoreUnavailableAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception ex) when (Storage.Resilience.StoreRetry.IsStoreUnavailable(ex) && !http.Response.HasStarted)
        {
            var correlationId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            var services = http.RequestServices;
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FederationRateLimiting))
                .StoreUnavailable(http.Request.Path.Value ?? "/", ex.GetType().Name, correlationId);
            http.Response.Clear();
            http.Response.Headers.RetryAfter = "5";
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var page = ErrorPageResult.For(new SignInError(SignInErrorCode.StoreUnavailable, "The database is unavailable."), correlationId, now);
            var action = http.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() ?? new ActionDescriptor();
            await page.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), action));
        }
    }

    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, FederationRateLimitOptions options)
    {
        var seconds = ClientRateLimiting.SetRetryAfter(http, lease, options.SignIn.Window);

        var correlationId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        var services = http.RequestServices;
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FederationRateLimiting))
            .RequestThrottled(http.Request.Path.Value ?? "/", ClientRateLimiting.ClientKey(http), seconds, correlationId);

        services.GetService<Telemetry.FederationMetrics>()?.RateLimited(http.Request.Path.Value ?? "/");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var page = ErrorPageResult.For(new SignInError(SignInErrorCode.ServerBusy, $"More than the allowed requests from {ClientRateLimiting.ClientKey(http)}; retry after {seconds} s."), correlationId, now);
        var action = http.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() ?? new ActionDescriptor();
        await page.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), action));
    }
}
