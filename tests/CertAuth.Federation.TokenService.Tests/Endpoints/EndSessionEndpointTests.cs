using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Web;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using CertAuth.Federation.TokenService.Tests.WsFederation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

/// <summary>
/// <c>/oauth2/logout</c> (OpenID Connect RP-Initiated Logout 1.0) over real TLS on loopback, with a WS-Federation trust:
/// the id_token_hint's refresh family is revoked, the browser is sent to the federation server with
/// <c>wsignout1.0</c>, and the <c>wreply</c> hop to <c>/oauth2/logout/callback</c> returns it to the registered
/// post-logout URI with <c>state</c> (or to the signed-out page). Every refusal is a themed page with its code.
/// </summary>
public sealed class EndSessionEndpointTests : IAsyncLifetime
{
    private const string PostLogoutUri = "https://app.test/signed-out";
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync(settings =>
        {
            settings["TokenService:FederationServers:0:Protocol"] = "WsFederation";
            settings["TokenService:Clients:0:PostLogoutRedirectUris:0"] = PostLogoutUri;
            settings["TokenService:ShowErrorDetails"] = "true";
        });
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string LogoutCallbackUrl => new Uri(_host.BaseUrl, "/oauth2/logout/callback").AbsoluteUri;

    [Fact]
    public async Task Discovery_AdvertisesTheEndSessionEndpoint()
    {
        var configuration = JsonDocument.Parse(await _host.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.Equal(new Uri(_host.BaseUrl, "/oauth2/logout").AbsoluteUri, configuration.GetProperty("end_session_endpoint").GetString());
    }

    [Fact]
    public async Task WsFederationTrust_RevokesTheFamily_SignsOutAtTheFederationServer_AndReturnsToTheRegisteredUriWithState()
    {
        var (idToken, refresh) = await SignInAsync();

        using var logout = await _host.Client.GetAsync(
            $"/oauth2/logout?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString(PostLogoutUri)}&state=st%20%26x");

        // To the federation server's passive endpoint: wsignout1.0 for our realm, back to our callback.
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var location = logout.Headers.Location!;
        Assert.StartsWith(TokenServiceHost.FederationSsoUrl + "?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("wsignout1.0", query["wa"]);
        Assert.Equal(_host.EntityId, query["wtrealm"]);
        Assert.Equal(LogoutCallbackUrl, query["wreply"]);
        Assert.Null(query["state"]);
        var setCookies = logout.Headers.GetValues("Set-Cookie").ToList();
        var stateCookie = Assert.Single(setCookies, c => c.StartsWith("__Host-certauth-ts-logout=", StringComparison.Ordinal));
        Assert.Contains("secure", stateCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", stateCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=none", stateCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("st &x", Uri.UnescapeDataString(stateCookie), StringComparison.Ordinal); // sealed, not readable
        Assert.Contains(setCookies, c => c.StartsWith("__Host-certauth-ts-signin=;", StringComparison.Ordinal)); // the sign-in cookie is cleared

        // The family is revoked at once: the refresh token is refused, audited as an end-session revocation.
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT700086");
        var entry = Assert.Single(await _host.Services.GetRequiredService<IAuditLog>().ListAsync(), e => e.Action == "token.revoke");
        Assert.Contains("kind=end_session", entry.Details, StringComparison.Ordinal);
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3101 && e.Message.Contains("wsignout1.0", StringComparison.Ordinal));
        // None of our lines holds the token. (ASP.NET Core's own request-start/finish lines, Information, carry a GET's query
        // string; appsettings.json keeps Microsoft.AspNetCore at Warning, and clients may POST the hint instead.)
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains(idToken, StringComparison.Ordinal)
            && !e.Message.StartsWith("Request starting", StringComparison.Ordinal) && !e.Message.StartsWith("Request finished", StringComparison.Ordinal));

        // The federation server's wreply hop: back to the registered URI with state, unchanged; the state cookie is gone.
        using var callback = await _host.Client.GetAsync("/oauth2/logout/callback");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(PostLogoutUri + "?state=st%20%26x", callback.Headers.Location!.OriginalString);
        Assert.Equal("st &x", HttpUtility.ParseQueryString(callback.Headers.Location.Query)["state"]);
        Assert.Contains(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-certauth-ts-logout=;", StringComparison.Ordinal));

        // A second return (replayed or a stale tab) has nothing pending.
        await AssertPageAsync(await _host.Client.GetAsync("/oauth2/logout/callback"), HttpStatusCode.BadRequest, "CAT700394");
    }

    [Fact]
    public async Task WithoutAPostLogoutUri_AnExpiredHintStillSignsOut_AndTheCallbackShowsTheSignedOutPage()
    {
        var (idToken, refresh) = await SignInAsync();
        var family = await FamilyOfAsync(refresh);
        _host.Clock.Advance(TimeSpan.FromDays(2)); // far past the id token's exp: §2 accepts an expired hint

        using var logout = await _host.Client.PostAsync("/oauth2/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["id_token_hint"] = idToken, ["state"] = "s" }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("wsignout1.0", HttpUtility.ParseQueryString(logout.Headers.Location!.Query)["wa"]);
        Assert.NotNull((await _host.Services.GetRequiredService<IRefreshTokenStore>().FindLatestInFamilyAsync(family))!.RevokedAt);

        using var callback = await _host.Client.GetAsync("/oauth2/logout/callback");
        var page = await AssertPageAsync(callback, HttpStatusCode.OK, "CAT700399");
        Assert.Contains("You are signed out", page, StringComparison.Ordinal);
        Assert.Null(callback.Headers.Location);
    }

    [Fact]
    public async Task WithoutAHint_ClientIdAndRegisteredUri_ReturnAtOnce_WithState()
    {
        using var logout = await _host.Client.GetAsync($"/oauth2/logout?client_id={TokenServiceHost.PublicClientId}&post_logout_redirect_uri={Uri.EscapeDataString(PostLogoutUri)}&state=abc");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(PostLogoutUri + "?state=abc", logout.Headers.Location!.OriginalString);

        using var bare = await _host.Client.GetAsync("/oauth2/logout");
        await AssertPageAsync(bare, HttpStatusCode.OK, "CAT700399");
    }

    [Fact]
    public async Task BadRequests_GetThemedPagesWithStableCodes_NeverA500_AndRevokeNothing()
    {
        var (idToken, refresh) = await SignInAsync();
        var accessToken = (await _host.RefreshAsync(refresh)).Body;
        refresh = accessToken.GetProperty("refresh_token").GetString()!;
        var access = accessToken.GetProperty("access_token").GetString()!;
        var parts = idToken.Split('.');
        var tampered = parts[0] + "." + Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("alice", "mallory", StringComparison.Ordinal)) + "." + parts[2];
        var redirect = Uri.EscapeDataString(PostLogoutUri);

        var cases = new (string Query, string Code)[]
        {
            ($"id_token_hint={tampered}", "CAT700391"),
            ($"id_token_hint={access}", "CAT700391"),                                  // an access token is not a hint
            ($"id_token_hint={ForeignIdToken()}", "CAT700391"),                       // our issuer and claims, another key
            ("id_token_hint=not.a.jwt", "CAT700391"),
            ($"id_token_hint={idToken}&client_id={TokenServiceHost.ConfidentialClientId}", "CAT700393"),
            ($"client_id=nobody&post_logout_redirect_uri={redirect}", "CAT700016"),
            ($"id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString("https://evil.test/")}", "CAT700392"),
            ($"id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString(PostLogoutUri + "/")}", "CAT700392"), // exact match only
            ($"client_id={TokenServiceHost.ConfidentialClientId}&post_logout_redirect_uri={redirect}", "CAT700392"),       // registered for another client
            ($"post_logout_redirect_uri={redirect}", "CAT900144"),
            ($"id_token_hint={idToken}&state=a&state=b", "CAT900144"),
            ($"id_token_hint={idToken}&state={new string('s', 1025)}", "CAT900145"),
        };
        foreach (var (query, code) in cases)
        {
            using var response = await _host.Client.GetAsync("/oauth2/logout?" + query);
            Assert.Null(response.Headers.Location);
            await AssertPageAsync(response, HttpStatusCode.BadRequest, code);
        }

        using var tooLarge = await _host.Client.GetAsync("/oauth2/logout?state=" + new string('x', 9000));
        await AssertPageAsync(tooLarge, HttpStatusCode.BadRequest, "CAT900145");
        using var notAForm = await _host.Client.PostAsync("/oauth2/logout", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        await AssertPageAsync(notAForm, HttpStatusCode.BadRequest, "CAT900144");

        // The callback without a pending logout, or with an altered one.
        using var bare = NewClientWithoutCookies();
        await AssertPageAsync(await bare.GetAsync("/oauth2/logout/callback"), HttpStatusCode.BadRequest, "CAT700394");
        using var altered = new HttpRequestMessage(HttpMethod.Get, "/oauth2/logout/callback");
        altered.Headers.Add("Cookie", "__Host-certauth-ts-logout=CfDJ8" + new string('A', 120));
        await AssertPageAsync(await bare.SendAsync(altered), HttpStatusCode.BadRequest, "CAT700394");
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3100 && e.Message.Contains("CAT700392", StringComparison.Ordinal));

        // Nothing above revoked the sign-in.
        var (status, body) = await _host.RefreshAsync(refresh);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    private async Task<(string IdToken, string Refresh)> SignInAsync()
    {
        using var authorize = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var wctx = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["wctx"]!;
        var assertion = _host.Federation.NewAssertion(_host.WsFedUrl(), _host.EntityId, null, "alice@contoso.com", null);
        using var response = await _host.Client.PostAsync("/wsfed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["wa"] = "wsignin1.0", ["wresult"] = WsFederationResults.Build(_host, assertion), ["wctx"] = wctx,
        }));
        var (status, body) = await _host.RedeemCodeAsync(OAuthFlow.CodeFrom(response));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return (body.GetProperty("id_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    private async Task<string> FamilyOfAsync(string refresh) =>
        (await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(CertAuth.Federation.TokenService.OAuth.OpaqueTokens.Hash(refresh)))!.FamilyId;

    private string ForeignIdToken()
    {
        using var rsa = RSA.Create(2048);
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _host.BaseUrl.AbsoluteUri.TrimEnd('/'),
            Audience = TokenServiceHost.PublicClientId,
            IssuedAt = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "x", ["sid"] = "family" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = "foreign" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private HttpClient NewClientWithoutCookies() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null },
    }) { BaseAddress = _host.BaseUrl };

    private static async Task<string> AssertPageAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
            Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.Contains(code, body, StringComparison.Ordinal);
            return body;
        }
    }
}
