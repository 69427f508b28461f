using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// <see cref="SampleAppFixture"/> with a SAML 2.0 trust between the token service and the federation server, the token
/// service registered there as <see cref="LocalFederationTrustLink"/> does (its callback as SingleLogoutService over
/// HTTP-Redirect, its request-signing certificate). (No other relying party: a party of our own would need a host of
/// its own, which the test layering allows only where it must.)
/// </summary>
public sealed class SamlSingleLogoutBrowserFixture : SampleAppFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var store = Services.GetRequiredService<IRelyingPartyStore>();
        var trust = (await store.FindByEntityIdAsync(TokenServiceEntityId))!;
        trust.RequestSigningCertificate = X509CertificateLoader.LoadCertificate(TokenServiceServices.GetRequiredService<TokenServiceKeys>().RequestSigning.RawData).RawData;
        trust.SingleLogoutServiceUrl = new Uri(TokenServiceUrl, "oauth2/logout/callback").AbsoluteUri;
        trust.SingleLogoutServiceBinding = SamlBindingUris.HttpRedirect;
        await store.UpdateAsync(trust);
    }

    /// <summary>alice's refresh tokens at the token service: how many there are and how many are revoked.</summary>
    public async Task<(int All, int Revoked)> AliceRefreshTokensAsync()
    {
        await using var db = await TokenServiceServices.GetRequiredService<IDbContextFactory<TokenServiceDbContext>>().CreateDbContextAsync();
        var tokens = await db.RefreshTokens.AsNoTracking().Where(t => t.Upn == "alice@contoso.com").Select(t => t.RevokedAt).ToListAsync();
        return (tokens.Count, tokens.Count(r => r != null));
    }
}

/// <summary>
/// Chromium: alice signs in to the token service through the sample app (SAML 2.0 between them); an IdP-initiated
/// <c>wsignout1.0</c> at the federation server then logs out every party of her session. The token service's leg
/// completes on its own — it receives the federation server's LogoutRequest, revokes alice's refresh tokens and answers
/// with a LogoutResponse the federation server accepts — and the browser reaches the signed-out page without anyone
/// pressing on at <c>/adfs/ls/logout/continue</c>.
/// </summary>
public sealed class SamlSingleLogoutBrowserTests(SamlSingleLogoutBrowserFixture server) : IClassFixture<SamlSingleLogoutBrowserFixture>
{
    [Fact]
    public async Task IdpInitiatedLogout_PassesTheTokenService_WhichRevokesAndAnswers_WithoutContinue()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
        var page = await server.NewPageAsync(alice);
        var requested = new ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Method + " " + request.Url);

        await page.GotoAsync(server.SampleAppUrl.AbsoluteUri);
        await page.Locator("#signin").ClickAsync();
        await page.Locator("#user, #error-code").First.WaitForAsync();
        Assert.Equal("Alice Anders", await page.Locator("#user").TextContentAsync());
        var (all, revoked) = await server.AliceRefreshTokensAsync();
        Assert.True(all > 0 && revoked == 0, $"{all} refresh tokens, {revoked} revoked before the logout");

        requested.Clear();
        await page.GotoAsync(server.SingleSignOnUrl.AbsoluteUri + "?wa=wsignout1.0");
        await page.WaitForURLAsync(url => url.StartsWith(server.SingleSignOnUrl.AbsoluteUri + "?SAMLResponse=", StringComparison.Ordinal));
        await page.Locator("h1").WaitForAsync();
        await SampleAppFixture.ScreenshotAsync(page, "saml-single-logout-signed-out");

        var trail = string.Join('\n', requested);
        var callback = new Uri(server.TokenServiceUrl, "oauth2/logout/callback").AbsoluteUri;
        Assert.True(requested.Any(r => r.StartsWith("GET " + callback + "?SAMLRequest=", StringComparison.Ordinal)), trail);
        Assert.True(requested.Any(r => r.StartsWith("GET " + server.SingleSignOnUrl.AbsoluteUri + "?SAMLResponse=", StringComparison.Ordinal)), trail);
        Assert.True(!requested.Any(r => r.Contains("/adfs/ls/logout/continue", StringComparison.Ordinal)), trail);
        Assert.Equal(0, await page.Locator("#error-code").CountAsync());

        (all, revoked) = await server.AliceRefreshTokensAsync();
        Assert.True(all > 0 && revoked == all, $"{all} refresh tokens, {revoked} revoked after the logout\n{trail}");
        var after = await page.Context.CookiesAsync([server.PublicUrl.AbsoluteUri + "adfs/ls/"]);
        Assert.DoesNotContain(after, c => c.Name == "CertAuthFedSession");
        await page.Context.CloseAsync();
    }
}
