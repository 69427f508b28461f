using System.Threading.RateLimiting;
using CertAuth.Federation.TokenService.Endpoints;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// The token service's throttling (ASP.NET Core rate limiting), a fixed window per client IP address: the token
/// endpoint answers 429 with an OAuth JSON error, the person-facing endpoints with the error page; both with
/// <c>Retry-After</c> and the code CAT90055.
/// </summary>
public static class TokenServiceRateLimiting
{
    /// <summary>Policy of <c>/oauth2/token</c>.</summary>
    public const string TokenPolicy = "certauth-token";

    /// <summary>Policy of <c>/oauth2/authorize</c> and <c>/saml2/acs</c>.</summary>
    public const string InteractivePolicy = "certauth-interactive";

    internal static void Add(IServiceCollection services, TokenServiceRateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(TokenPolicy, context => ClientRateLimiting.Partition(context, options.Enabled, options.Token));
            limiter.AddPolicy(InteractivePolicy, context => ClientRateLimiting.Partition(context, options.Enabled, options.Interactive));
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease, options);
        });
    }

    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, TokenServiceRateLimitOptions options)
    {
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var window = policy == TokenPolicy ? options.Token.Window : options.Interactive.Window;
        var seconds = ClientRateLimiting.SetRetryAfter(http, lease, window);

        var error = new TokenError(TokenErrorCode.Throttled, $"Too many requests from this client; retry after {seconds} seconds.");
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TokenServiceRateLimiting))
            .RequestThrottled(http.Request.Path.Value ?? "/", ClientRateLimiting.ClientKey(http), seconds, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);

        http.RequestServices.GetService<Telemetry.TokenServiceMetrics>()?.RateLimited(http.Request.Path.Value ?? "/");
        IResult result = policy == TokenPolicy
            ? Results.Json(new Dictionary<string, string> { ["error"] = error.OAuthError, ["error_description"] = error.Description }, statusCode: StatusCodes.Status429TooManyRequests)
            : ErrorPage.Render(http, error);
        await result.ExecuteAsync(http);
    }
}
