using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.Testing;
using CertAuth.Federation.TokenService.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// Our federation server and our token service on loopback TLS, the token service's trust at the federation server
/// registered as the one-command run does (<see cref="LocalFederationTrustLink"/>: its logout callback as the
/// SingleLogoutService — or, for WS-Federation, as an allowed <c>wreply</c> — and its request-signing certificate), and
/// a "browser" (HTTP client with one cookie jar) that follows redirects, auto-POST forms and the signed-out page.
/// </summary>
public class LogoutFixture : TokenServiceFixture
{
    /// <summary>The post-logout redirect URI registered for <see cref="TokenServiceFixture.PublicClientId"/> (nothing listens there).</summary>
    public const string PostLogoutUri = "https://client.test/signed-out";

    /// <summary>Whether the token service uses WS-Federation with the federation server (else SAML 2.0).</summary>
    protected virtual bool UseWsFederation => false;

    public X509Certificate2 Alice { get; private set; } = null!;

    public string LogoutCallbackUrl => new Uri(TokenServiceUrl, "oauth2/logout/callback").AbsoluteUri;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var store = Services.GetRequiredService<IRelyingPartyStore>();
        var trust = (await store.FindByEntityIdAsync(TokenServiceEntityId))!;
        var requestSigning = TokenServiceServices.GetRequiredService<TokenServiceKeys>().RequestSigning;
        trust.RequestSigningCertificate = X509CertificateLoader.LoadCertificate(requestSigning.RawData).RawData;
        if (UseWsFederation)
        {
            trust.Protocol = FederationProtocols.WsFederation;
            trust.TokenType = FederationProtocols.Saml11Token;
            trust.AssertionConsumerServiceUrls = [new Uri(TokenServiceUrl, "wsfed").AbsoluteUri, LogoutCallbackUrl];
        }
        else
        {
            trust.SingleLogoutServiceUrl = LogoutCallbackUrl;
            trust.SingleLogoutServiceBinding = Protocols.Bindings.SamlBindingUris.HttpRedirect;
        }

        await store.UpdateAsync(trust);
        await AddUserAsync("alice@contoso.com", email: "alice@contoso.com", displayName: "Alice Anders");
        Alice = IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");
    }

    protected override void ConfigureTokenServiceSettings(IDictionary<string, string?> settings)
    {
        settings["TokenService:Clients:0:PostLogoutRedirectUris:0"] = PostLogoutUri;
        if (UseWsFederation)
        {
            settings["TokenService:FederationServers:0:Protocol"] = "WsFederation";
        }
    }

    /// <summary>A browser-like client: the given certificate for the certificate listener, cookies in <paramref name="cookies"/>.</summary>
    public WalkingBrowser Browser(X509Certificate2? certificate, CookieContainer cookies) => new(CreateClient(certificate, null, cookies));
}

/// <summary>The WS-Federation variant of <see cref="LogoutFixture"/>.</summary>
public sealed class WsFederationLogoutFixture : LogoutFixture
{
    protected override bool UseWsFederation => true;
}

/// <summary>
/// Follows what a browser would: redirects, auto-POST forms (<c>#autopost</c>, a POST <c>#signout-continue</c>), the
/// signed-out page's cleanup images and its continue link; stops at a URL that <c>stop</c> accepts (not requested).
/// </summary>
public sealed partial class WalkingBrowser(HttpClient client) : IDisposable
{
    public List<string> Requested { get; } = [];

    public void Dispose() => client.Dispose();

    public async Task<(Uri Url, string? Body)> WalkAsync(Uri url, Func<Uri, bool> stop)
    {
        var response = await SendAsync(HttpMethod.Get, url, null);
        for (var hops = 0; hops < 25; hops++)
        {
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                var next = new Uri(url, response.Headers.Location!);
                response.Dispose();
                if (stop(next))
                {
                    return (next, null);
                }

                url = next;
                response = await SendAsync(HttpMethod.Get, url, null);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            var form = FormPattern().Match(body);
            if (form.Success)
            {
                var action = new Uri(url, WebUtility.HtmlDecode(form.Groups["action"].Value));
                var fields = HiddenPattern().Matches(form.Groups["inner"].Value)
                    .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
                    .ToList();
                foreach (var image in CleanupPattern().Matches(body).Select(m => new Uri(url, WebUtility.HtmlDecode(m.Groups["src"].Value))))
                {
                    (await SendAsync(HttpMethod.Get, image, null)).Dispose();
                }

                if (stop(action))
                {
                    return (action, body);
                }

                url = action;
                response = await SendAsync(HttpMethod.Post, url, new FormUrlEncodedContent(fields));
                continue;
            }

            var link = ContinueLinkPattern().Match(body);
            if (link.Success)
            {
                foreach (var image in CleanupPattern().Matches(body).Select(m => new Uri(url, WebUtility.HtmlDecode(m.Groups["src"].Value))))
                {
                    (await SendAsync(HttpMethod.Get, image, null)).Dispose();
                }

                var next = new Uri(url, WebUtility.HtmlDecode(link.Groups["href"].Value));
                if (stop(next))
                {
                    return (next, body);
                }

                url = next;
                response = await SendAsync(HttpMethod.Get, url, null);
                continue;
            }

            return (url, body);
        }

        throw new InvalidOperationException("Too many hops.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content)
    {
        Requested.Add(method.Method + " " + url.AbsoluteUri);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        return await client.SendAsync(request);
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\" id=\"(?:autopost|signout-continue)\">(?<inner>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("<a id=\"signout-continue\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex ContinueLinkPattern();

    [GeneratedRegex("<img src=\"(?<src>[^\"]+)\"[^>]*class=\"signout-cleanup\"")]
    private static partial Regex CleanupPattern();
}

/// <summary>
/// <c>/oauth2/logout</c> against our real federation server: sign in with the code flow, log out with
/// <c>id_token_hint</c> and a registered <c>post_logout_redirect_uri</c>, follow the whole chain (SAML LogoutRequest and
/// LogoutResponse, or <c>wsignout1.0</c> and its <c>wreply</c>), land on the redirect with <c>state</c>; then the refresh
/// token is refused and the federation server's session cookie is gone (a new sign-in needs the certificate again).
/// </summary>
public abstract class LogoutEndToEndTestsBase(LogoutFixture server)
{
    protected abstract string FederationLeg { get; }

    [Fact]
    public async Task Logout_ThroughTheRealFederationServer_EndsEverySession_AndReturnsWithState()
    {
        var cookies = new CookieContainer();
        using var browser = server.Browser(server.Alice, cookies);
        var (idToken, refresh) = await SignInAsync(browser);
        Assert.NotNull(SessionCookie(cookies));
        var refreshed = await server.RefreshAsync(refresh);
        Assert.True(refreshed.Succeeded, refreshed.Json);
        refresh = refreshed.RefreshToken ?? refresh;

        var state = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(9));
        var logout = QueryHelpers.AddQueryString(new Uri(server.TokenServiceUrl, "oauth2/logout").AbsoluteUri, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = LogoutFixture.PostLogoutUri,
            ["state"] = state,
        });
        browser.Requested.Clear();
        var (landed, body) = await browser.WalkAsync(new Uri(logout), u => u.Host == "client.test");

        Assert.True(landed.AbsoluteUri == LogoutFixture.PostLogoutUri + "?state=" + state, $"{landed} {body?[..Math.Min(body.Length, 1500)]}\n{string.Join('\n', browser.Requested)}");
        Assert.Contains(browser.Requested, r => r.StartsWith("GET " + server.SingleSignOnUrl.AbsoluteUri + "?" + FederationLeg, StringComparison.Ordinal));
        Assert.Contains(browser.Requested, r => r.StartsWith("GET " + server.LogoutCallbackUrl, StringComparison.Ordinal));
        var refused = await server.RefreshAsync(refresh);
        Assert.Equal("invalid_grant", refused.Error);
        Assert.Null(SessionCookie(cookies));

        // A new sign-in from this browser, which no longer presents the certificate: the certificate step is asked again.
        using var withoutCertificate = server.Browser(null, cookies);
        var (again, _) = await withoutCertificate.WalkAsync(AuthorizeUrl(out _, out _), u => u.Host == "client.test");
        Assert.NotEqual("client.test", again.Host);
        Assert.Contains(withoutCertificate.Requested, r => r.StartsWith("GET " + server.CertificateSignInUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
    }

    private Cookie? SessionCookie(CookieContainer cookies) =>
        cookies.GetCookies(new Uri(server.PublicUrl, "adfs/ls/")).FirstOrDefault(c => c.Name == "CertAuthFedSession" && !c.Expired);

    private Uri AuthorizeUrl(out string verifier, out string state)
    {
        verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        state = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        return new Uri(QueryHelpers.AddQueryString(server.AuthorizationEndpoint.AbsoluteUri, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = TokenServiceFixture.PublicClientId,
            ["redirect_uri"] = TokenServiceFixture.RedirectUri,
            ["scope"] = "openid profile offline_access",
            ["state"] = state,
            ["code_challenge"] = WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        }));
    }

    private async Task<(string IdToken, string Refresh)> SignInAsync(WalkingBrowser browser)
    {
        var (landed, body) = await browser.WalkAsync(AuthorizeUrl(out var verifier, out _), u => u.Host == "client.test");
        var query = QueryHelpers.ParseQuery(landed.Query);
        Assert.True(query.ContainsKey("code"), $"{landed} {body?[..Math.Min(body.Length, 1500)]}");
        using var client = server.CreateClient();
        using var response = await client.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TokenServiceFixture.PublicClientId,
            ["redirect_uri"] = TokenServiceFixture.RedirectUri,
            ["code"] = query["code"].ToString(),
            ["code_verifier"] = verifier,
        }));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);
        using var tokens = System.Text.Json.JsonDocument.Parse(json);
        return (tokens.RootElement.GetProperty("id_token").GetString()!, tokens.RootElement.GetProperty("refresh_token").GetString()!);
    }
}

/// <summary>The SAML 2.0 leg: a signed LogoutRequest over HTTP-Redirect, the signed LogoutResponse back to the callback.</summary>
public sealed class SamlLogoutEndToEndTests(LogoutFixture server) : LogoutEndToEndTestsBase(server), IClassFixture<LogoutFixture>
{
    protected override string FederationLeg => "SAMLRequest=";
}

/// <summary>The WS-Federation leg: <c>wsignout1.0</c> with <c>wreply</c> = the callback.</summary>
public sealed class WsFederationLogoutEndToEndTests(WsFederationLogoutFixture server) : LogoutEndToEndTestsBase(server), IClassFixture<WsFederationLogoutFixture>
{
    protected override string FederationLeg => "wa=wsignout1.0";
}
