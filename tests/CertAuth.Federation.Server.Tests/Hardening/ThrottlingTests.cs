using System.Net;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>
/// Rate limiting on real Kestrel TLS: the sign-in surface (both listeners) and the admin preview answer 429 with the
/// themed CAF1301 page and Retry-After once a client IP is over its limit; another client IP is unaffected. Each test
/// uses its own loopback address family or surface, since partitions are per IP and per policy.
/// </summary>
public sealed class ThrottlingTests(ThrottledServerHarness server) : IClassFixture<ThrottledServerHarness>
{
    [Fact]
    public async Task SignIn_OverTheLimit_Is429_WithTheServerBusyPage_AndRetryAfter_WhileAnotherClientIpIsServed()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        var ipv4 = new UriBuilder(server.PublicUrl) { Host = "127.0.0.1" }.Uri;
        for (var i = 0; i < ThrottledServerHarness.SignInLimit; i++)
        {
            using var allowed = await client.GetAsync(new Uri(ipv4, "/adfs/ls/idpinitiatedsignon?loginToRp=urn:nobody"));
            Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
        }

        using var refused = await client.GetAsync(new Uri(ipv4, "/adfs/ls/idpinitiatedsignon?loginToRp=urn:nobody"));
        var page = await SignInPage.ReadAsync(refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Equal("CAF1301", page.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(page.CorrelationId));
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal("nosniff", Assert.Single(refused.Headers.GetValues("X-Content-Type-Options")));

        // The certificate listener shares the sign-in policy: the same client IP is refused there too.
        using var certificate = await client.GetAsync(new UriBuilder(server.CertificateUrl) { Host = "127.0.0.1", Path = "/adfs/ls/certauth" }.Uri);
        Assert.Equal(HttpStatusCode.TooManyRequests, certificate.StatusCode);
        Assert.Equal("CAF1301", (await SignInPage.ReadAsync(certificate)).ErrorCode);

        // Another client address (IPv6 loopback) is its own partition.
        using var other = await client.GetAsync(new UriBuilder(server.PublicUrl) { Host = "[::1]", Path = "/adfs/ls/idpinitiatedsignon", Query = "loginToRp=urn:nobody" }.Uri);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("CAF1201", (await SignInPage.ReadAsync(other)).ErrorCode);
    }

    [Fact]
    public async Task AdminPreview_OverTheLimit_Is429_WithRetryAfter()
    {
        using var client = server.CreateClient();
        var preview = new UriBuilder(server.PublicUrl) { Host = "[::1]", Path = "/adfs/portal/preview", Query = "code=CAF1005" }.Uri;
        for (var i = 0; i < ThrottledServerHarness.AdminLimit; i++)
        {
            using var allowed = await client.GetAsync(preview);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync(preview);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("CAF1301", (await SignInPage.ReadAsync(refused)).ErrorCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Metadata_IsNotThrottled_BySignInOrAdminLimits()
    {
        using var client = server.CreateClient();
        for (var i = 0; i < ThrottledServerHarness.SignInLimit + ThrottledServerHarness.AdminLimit + 2; i++)
        {
            using var response = await client.GetAsync(new Uri(server.PublicUrl, "/FederationMetadata/2007-06/FederationMetadata.xml"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
