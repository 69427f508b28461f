using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Web;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.TokenService.Tests.TestKit;

/// <summary>The browser and client side of the flows, against a <see cref="TokenServiceHost"/>.</summary>
public static class OAuthFlow
{
    public const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkdBjftJeZ4CVP";

    public static string Challenge(string verifier = Verifier) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string AuthorizeUrl(
        string clientId = TokenServiceHost.PublicClientId, string redirectUri = TokenServiceHost.RedirectUri, string? challenge = null,
        string state = "st-123", string nonce = "n-456", string scope = "openid profile offline_access", string? extra = null)
    {
        var query = $"client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code"
                    + $"&scope={Uri.EscapeDataString(scope)}&state={state}&nonce={nonce}";
        if (challenge is not null)
        {
            query += $"&code_challenge={challenge}&code_challenge_method=S256";
        }

        return "/oauth2/authorize?" + query + extra;
    }

    /// <summary>GET /oauth2/authorize; returns the AuthnRequest sent to the federation server.</summary>
    public static async Task<AuthnRequest> AuthorizeAsync(this TokenServiceHost host, string? url = null, HttpClient? browser = null)
    {
        using var response = await (browser ?? host.Client).GetAsync(url ?? AuthorizeUrl(challenge: Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(TokenServiceHost.FederationSsoUrl, location.AbsoluteUri, StringComparison.Ordinal);
        var message = new HttpRedirectBinding().Decode(location.Query.TrimStart('?')).Valid();
        return new AuthnRequestReader().Read(new SafeXmlLoader().Load(message.Xml).Valid()).Valid();
    }

    public static async Task<HttpResponseMessage> PostAcsAsync(this TokenServiceHost host, string samlResponse, string? relayState = null, HttpClient? browser = null)
    {
        var form = new Dictionary<string, string> { ["SAMLResponse"] = samlResponse };
        if (relayState is not null)
        {
            form["RelayState"] = relayState;
        }

        return await (browser ?? host.Client).PostAsync("/saml2/acs", new FormUrlEncodedContent(form));
    }

    /// <summary>authorize → signed response from the simulated federation server → ACS; returns the code.</summary>
    /// <param name="browser">The browser (cookie jar) to use; <see cref="TokenServiceHost.Client"/> when null (see <see cref="TokenServiceHost.NewBrowser"/>).</param>
    public static async Task<string> SignInAsync(this TokenServiceHost host, X509Certificate2? userCertificate, string upn = "alice@contoso.com", DateTimeOffset? authnInstant = null, HttpClient? browser = null)
    {
        var request = await host.AuthorizeAsync(browser: browser);
        var assertion = host.Federation.NewAssertion(host.AcsUrl, host.EntityId, request.Id, upn, userCertificate, authnInstant);
        using var response = await host.PostAcsAsync(host.Federation.Response(assertion, host.AcsUrl, request.Id), browser: browser);
        return CodeFrom(response);
    }

    public static string CodeFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(TokenServiceHost.RedirectUri, location.AbsoluteUri, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("st-123", query["state"]);
        return query["code"]!;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(this TokenServiceHost host, Dictionary<string, string> form)
    {
        using var response = await host.Client.PostAsync("/oauth2/token", new FormUrlEncodedContent(form));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> RedeemCodeAsync(this TokenServiceHost host, string code, string verifier = Verifier, string redirectUri = TokenServiceHost.RedirectUri) =>
        host.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TokenServiceHost.PublicClientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        });

    public static Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(this TokenServiceHost host, string refreshToken, string clientId = TokenServiceHost.PublicClientId) =>
        host.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken });

    /// <summary>Full sign-in and code redemption; returns the refresh token.</summary>
    public static async Task<JsonElement> SignInAndRedeemAsync(this TokenServiceHost host, X509Certificate2? userCertificate, string upn = "alice@contoso.com", DateTimeOffset? authnInstant = null, HttpClient? browser = null)
    {
        var code = await host.SignInAsync(userCertificate, upn, authnInstant, browser);
        var (status, body) = await host.RedeemCodeAsync(code);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>Asserts an RFC 6749 error with our stable code.</summary>
    public static void AssertError((HttpStatusCode Status, JsonElement Body) result, string error, string code)
    {
        Assert.True(result.Body.TryGetProperty("error", out var e), result.Body.ToString());
        Assert.Equal(error, e.GetString());
        Assert.StartsWith(code + ":", result.Body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }
}
