using System.Net;
using CertAuth.Federation.Server.Tests.Infrastructure;

namespace CertAuth.Federation.Server.Tests.Hardening;

/// <summary>
/// Every hop of a real sign-in (redirect, certificate listener's auto-POST page, an error page) carries the browser
/// security headers. The pending sign-in travels sealed in the URL, so no hop sets a cookie except the page that posts
/// the token, which records the federation sign-in session (issue 14, single logout) in one sealed, HttpOnly, Secure,
/// SameSite=None cookie.
/// </summary>
public sealed class BrowserSecurityHeaderTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task EveryHopOfASignIn_CarriesTheSecurityHeaders_AndOnlyTheTokenPageSetsTheSessionCookie()
    {
        using var client = server.CreateClient(server.Pki.Alice);
        var url = new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId));
        using var redirect = await client.GetAsync(url);
        using var autoPost = await client.GetAsync(new Uri(url, redirect.Headers.Location!));
        using var errorPage = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=urn:nobody"));

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, autoPost.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, errorPage.StatusCode);
        foreach (var response in new[] { redirect, autoPost, errorPage })
        {
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            if (!ReferenceEquals(response, autoPost))
            {
                Assert.False(response.Headers.Contains("Set-Cookie"), "Only the page that posts the token sets a cookie.");
            }
        }

        var sessionCookie = Assert.Single(autoPost.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(Sessions.FederationSessionCookie.Name + "=", sessionCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=none", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }
}
