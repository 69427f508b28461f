using System.Net;
using System.Web;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Endpoints;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.WsFederation;

/// <summary>
/// Issue 14, cleanup: a sign-out at the federation server reaches this token service's refresh tokens. Through the
/// real server (TLS on loopback) with a WS-Federation trust: the ACS remembers the codes it issued to a browser in a
/// sealed session cookie, and <c>GET /wsfed?wa=wsignoutcleanup1.0</c> (unauthenticated) revokes exactly the families
/// of that browser's codes and withdraws its unredeemed codes — never another browser's, never by principal name; a
/// tampered or foreign cookie revokes nothing and is still answered with the image.
/// </summary>
public sealed class SignOutCleanupTests : IAsyncLifetime
{
    private const string SessionCookie = BrowserSessionCookie.Name;
    private const string Cleanup = "/wsfed?wa=wsignoutcleanup1.0";
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync(settings =>
        {
            settings["TokenService:FederationServers:0:Protocol"] = "WsFederation";
            settings["TokenService:ShowErrorDetails"] = "true";
        });
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CleanupImage_RevokesThisBrowsersFamilies_ButNotAnotherBrowsersOfTheSameUser()
    {
        var (code, setCookie) = await SignInAsync(_host.Client);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=none", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=" + (int)TimeSpan.FromDays(90).TotalSeconds, setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(OpaqueTokens.Hash(code), setCookie, StringComparison.OrdinalIgnoreCase); // sealed, not in clear
        var refresh = await RedeemAsync(code);
        var (refreshStatus, refreshed) = await _host.RefreshAsync(refresh);      // rotated once: the whole family must end
        Assert.True(refreshStatus == HttpStatusCode.OK, refreshed.ToString());
        var current = refreshed.GetProperty("refresh_token").GetString()!;

        using var otherBrowser = _host.NewBrowser();
        var othersRefresh = await RedeemAsync((await SignInAsync(otherBrowser)).Code);

        using var image = await _host.Client.GetAsync(Cleanup);

        await AssertImageAsync(image);
        var cleared = Assert.Single(image.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        Assert.StartsWith(SessionCookie + "=;", cleared, StringComparison.Ordinal);
        OAuthFlow.AssertError(await _host.RefreshAsync(current), "invalid_grant", "CAT700086");
        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(othersRefresh)).Status);
        var logged = Assert.Single(_host.Logs.Entries, e => e.EventId == 3120);
        Assert.Contains("1 refresh families revoked (2 tokens)", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OpaqueTokens.Hash(code), logged.Message, StringComparison.OrdinalIgnoreCase);

        // The cookie is gone: a second image revokes nothing more.
        using var again = await _host.Client.GetAsync(Cleanup);
        await AssertImageAsync(again);
        Assert.Single(_host.Logs.Entries, e => e.EventId == 3120);
    }

    [Fact]
    public async Task CodeIssuedButNotRedeemed_BeforeCleanup_IsInvalidGrantAfter()
    {
        var (code, _) = await SignInAsync(_host.Client);

        using var image = await _host.Client.GetAsync(Cleanup);

        await AssertImageAsync(image);
        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code), "invalid_grant", "CAT70000");
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3120 && e.Message.Contains("1 not yet redeemed were withdrawn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TamperedForeignOrOversizedCookies_Get200Gif_AndRevokeNothing()
    {
        var (code, _) = await SignInAsync(_host.Client);
        var refresh = await RedeemAsync(code);
        var genuine = OwnCookieValue();
        var payload = new byte[] { 1 }.Concat(Convert.FromHexString(OpaqueTokens.Hash(code))).ToArray();
        var protection = _host.Services.GetRequiredService<IDataProtectionProvider>();
        var tampered = genuine[..20] + (genuine[20] == 'A' ? 'B' : 'A') + genuine[21..];
        var foreign = WebEncoders.Base64UrlEncode(protection.CreateProtector(EndSessionHandler.Purpose).Protect(payload)); // sealed, but for another purpose
        var badFormat = WebEncoders.Base64UrlEncode(protection.CreateProtector(BrowserSessionCookie.Purpose).Protect(payload[..31]));

        foreach (var value in new[] { tampered, foreign, badFormat, "not-base64!*", new string('A', BrowserSessionCookie.MaxValueLength + 1) })
        {
            using var forger = _host.NewBrowser(WithSessionCookie(value));
            using var image = await forger.GetAsync(Cleanup);
            await AssertImageAsync(image);
        }

        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(refresh)).Status);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.EventId == 3120);
        Assert.Equal(5, _host.Logs.Entries.Count(e => e.EventId == 3121));

        // The same payload sealed for this cookie's purpose is what revokes (the refusals above were not for lack of a code).
        var sealedRight = WebEncoders.Base64UrlEncode(protection.CreateProtector(BrowserSessionCookie.Purpose).Protect(payload));
        using var holder = _host.NewBrowser(WithSessionCookie(sealedRight));
        await AssertImageAsync(await holder.GetAsync(Cleanup));
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.RefreshAsync(refresh)).Status);
    }

    [Fact]
    public async Task TheCookieIsBounded_SixteenCodes_TheOldestDropped()
    {
        var codes = new List<string>();
        for (var i = 0; i < BrowserSessionCookie.MaxEntries + 1; i++)
        {
            codes.Add((await SignInAsync(_host.Client)).Code);
        }

        Assert.True(OwnCookieValue().Length < BrowserSessionCookie.MaxValueLength);
        using var image = await _host.Client.GetAsync(Cleanup);
        await AssertImageAsync(image);

        var store = _host.Services.GetRequiredService<IAuthorizationCodeStore>();
        Assert.NotNull(await store.FindByHashAsync(OpaqueTokens.Hash(codes[0])));   // dropped from the cookie: not withdrawn
        foreach (var code in codes.Skip(1))
        {
            Assert.Null(await store.FindByHashAsync(OpaqueTokens.Hash(code)));
        }
    }

    [Fact]
    public async Task EndSession_AlsoEndsThisBrowsersOtherSignIns()
    {
        // Two sign-ins from this browser; RP-initiated logout names one (id_token_hint), the cookie ends the other too.
        var first = await SignInAndRedeemBodyAsync(_host.Client);
        var second = await RedeemAsync((await SignInAsync(_host.Client)).Code);
        using var otherBrowser = _host.NewBrowser();
        var others = await RedeemAsync((await SignInAsync(otherBrowser)).Code);

        using var logout = await _host.Client.GetAsync("/oauth2/logout?id_token_hint=" + Uri.EscapeDataString(first.GetProperty("id_token").GetString()!));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        OAuthFlow.AssertError(await _host.RefreshAsync(first.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT700086");
        OAuthFlow.AssertError(await _host.RefreshAsync(second), "invalid_grant", "CAT700086");
        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(others)).Status);
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3120 && e.Message.Contains("end session", StringComparison.Ordinal));
    }

    private static async Task AssertImageAsync(HttpResponseMessage image)
    {
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/gif", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString((await image.Content.ReadAsByteArrayAsync())[..6]));
        Assert.True(image.Headers.CacheControl!.NoStore);
    }

    /// <summary>authorize → WS-Fed wresult posted from <paramref name="browser"/>; the code and the session cookie the ACS set.</summary>
    private async Task<(string Code, string SetCookie)> SignInAsync(HttpClient browser)
    {
        using var authorize = await browser.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var wctx = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["wctx"]!;
        var assertion = _host.Federation.NewAssertion(_host.WsFedUrl(), _host.EntityId, null, "alice@contoso.com", null);
        using var response = await browser.PostAsync("/wsfed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["wa"] = "wsignin1.0", ["wresult"] = WsFederationResults.Build(_host, assertion), ["wctx"] = wctx,
        }));
        var code = OAuthFlow.CodeFrom(response);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        _lastSessionCookie = setCookie[(SessionCookie.Length + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)];
        return (code, setCookie);
    }

    private async Task<System.Text.Json.JsonElement> SignInAndRedeemBodyAsync(HttpClient browser)
    {
        var (status, body) = await _host.RedeemCodeAsync((await SignInAsync(browser)).Code);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private async Task<string> RedeemAsync(string code)
    {
        var (status, body) = await _host.RedeemCodeAsync(code);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("refresh_token").GetString()!;
    }

    /// <summary>The session cookie's value as last set by the ACS.</summary>
    private string OwnCookieValue() => _lastSessionCookie ?? throw new InvalidOperationException("No session cookie seen.");

    private CookieContainer WithSessionCookie(string value)
    {
        var jar = new CookieContainer();
        jar.Add(_host.BaseUrl, new Cookie(SessionCookie, value, "/") { Secure = true });
        return jar;
    }

    private string? _lastSessionCookie;
}
