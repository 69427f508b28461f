using System.Globalization;
using System.Net;
using System.Text.Json;
using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Tests.TestKit;

namespace CertAuth.Federation.TokenService.Tests.Hosting;

/// <summary>
/// Rate limiting (429, Retry-After, CAT90055 as OAuth JSON at the token endpoint and as a page for people) and HSTS, on
/// real Kestrel TLS. The host listens on both loopback families so that <c>[::1]</c> is another client IP.
/// </summary>
public sealed class ThrottlingAndTransportTests
{
    [Fact]
    public async Task TokenEndpoint_OverTheLimit_Is429Json_TemporarilyUnavailable_WithRetryAfter_AndOtherClientIpIsServed()
    {
        await using var host = await StartAsync(token: 2, interactive: 100);
        for (var i = 0; i < 2; i++)
        {
            OAuthFlow.AssertError(await host.TokenAsync(new() { ["grant_type"] = "password", ["client_id"] = TokenServiceHost.PublicClientId }), "unsupported_grant_type", "CAT70003");
        }

        using var refused = await host.Client.PostAsync("/oauth2/token", Form());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("temporarily_unavailable", json.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("CAT90055: ", json.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        using var otherClient = OtherClientIp(host);
        using var other = await otherClient.PostAsync("/oauth2/token", Form());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task AuthorizeAndAcs_OverTheLimit_Are429Pages_WithTheCode_AndRetryAfter()
    {
        await using var host = await StartAsync(token: 100, interactive: 1);
        using var first = await host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var authorize = await host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        using var acs = await host.Client.PostAsync("/saml2/acs", new FormUrlEncodedContent(new Dictionary<string, string> { ["SAMLResponse"] = "x" }));
        foreach (var refused in new[] { authorize, acs })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("CAT90055", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(refused.Headers.Contains("Retry-After"));
            Assert.Null(refused.Headers.Location);
        }

        // The token endpoint has its own limit.
        OAuthFlow.AssertError(await host.TokenAsync(new() { ["grant_type"] = "password", ["client_id"] = TokenServiceHost.PublicClientId }), "unsupported_grant_type", "CAT70003");
    }

    [Fact]
    public async Task Hsts_IsSentOverHttps_ButNotForLoopbackHostNamesByDefault()
    {
        await using var host = await StartAsync(token: 100, interactive: 100, extra: s => s["TokenService:Hsts:ExcludeLoopbackHosts"] = "false");
        using var response = await host.Client.GetAsync("/.well-known/openid-configuration");
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));

        await using var defaults = await TokenServiceHost.StartAsync();
        using var development = await defaults.Client.GetAsync("/.well-known/openid-configuration");
        Assert.False(development.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void Throttled_IsCat90055_TemporarilyUnavailable_AndLimitsAreValidatedByKey()
    {
        var error = new TokenError(TokenErrorCode.Throttled, "x");
        Assert.Equal("CAT90055", error.DisplayCode);
        Assert.Equal("temporarily_unavailable", error.OAuthError);

        var options = new TokenServiceOptions { ConfigureKestrel = false };
        options.RateLimits.Token.PermitLimit = 0;
        options.RateLimits.Interactive.Window = TimeSpan.FromDays(1);
        var failures = new TokenServiceOptionsValidator().Validate(null, options).Failures!;
        Assert.Contains(failures, f => f.StartsWith("TokenService:RateLimits:Token:PermitLimit", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TokenService:RateLimits:Interactive:Window", StringComparison.Ordinal));
    }

    private static Task<TokenServiceHost> StartAsync(int token, int interactive, Action<Dictionary<string, string?>>? extra = null) =>
        TokenServiceHost.StartAsync(settings =>
        {
            // localhost: Kestrel listens on 127.0.0.1 and ::1, two client IPs for the partition test.
            settings["TokenService:PublicUrl"] = settings["TokenService:PublicUrl"]!.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
            settings["TokenService:RateLimits:Token:PermitLimit"] = token.ToString(CultureInfo.InvariantCulture);
            settings["TokenService:RateLimits:Token:Window"] = "01:00:00";
            settings["TokenService:RateLimits:Interactive:PermitLimit"] = interactive.ToString(CultureInfo.InvariantCulture);
            settings["TokenService:RateLimits:Interactive:Window"] = "01:00:00";
            extra?.Invoke(settings);
        });

    private static FormUrlEncodedContent Form() =>
        new(new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = TokenServiceHost.PublicClientId });

    private static HttpClient OtherClientIp(TokenServiceHost host)
    {
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        return new HttpClient(handler) { BaseAddress = new UriBuilder(host.BaseUrl) { Host = "[::1]" }.Uri, Timeout = TimeSpan.FromSeconds(30) };
    }
}
