using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Web;

namespace CertAuth.Federation.TokenService.Tests.TestKit;

/// <summary>An answer of <c>/oauth2/revoke</c> or <c>/oauth2/introspect</c>: status, raw body, parsed JSON (if any) and headers.</summary>
public sealed record FormAnswer(HttpStatusCode Status, string Text, JsonElement Body, string? CacheControl, string Challenge)
{
    /// <summary>As <see cref="OAuthFlow.AssertError"/>.</summary>
    public void AssertError(HttpStatusCode status, string error, string code)
    {
        Assert.Equal(status, Status);
        OAuthFlow.AssertError((Status, Body), error, code);
    }
}

/// <summary>Client-side helpers for the revocation and introspection endpoints and a confidential client's sign-in.</summary>
public static class OAuthEndpointsFlow
{
    public const string ConfidentialRedirectUri = "https://web.test/callback";

    /// <summary>POSTs a form; <paramref name="basic"/> sends the client credentials with HTTP Basic instead of the form.</summary>
    public static async Task<FormAnswer> PostFormAsync(this TokenServiceHost host, string path, Dictionary<string, string> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (basic is { } b)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(b.Id) + ":" + Uri.EscapeDataString(b.Secret))));
        }

        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new FormAnswer(response.StatusCode, text, body, response.Headers.CacheControl?.ToString(), response.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>RFC 7009 as the public client (client_id only).</summary>
    public static Task<FormAnswer> RevokeAsync(this TokenServiceHost host, string token, string? hint = null, string clientId = TokenServiceHost.PublicClientId)
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["client_id"] = clientId };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        return host.PostFormAsync("/oauth2/revoke", form);
    }

    /// <summary>RFC 7662 as the confidential client (HTTP Basic).</summary>
    public static Task<FormAnswer> IntrospectAsync(this TokenServiceHost host, string token, string? hint = null)
    {
        var form = new Dictionary<string, string> { ["token"] = token };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        return host.PostFormAsync("/oauth2/introspect", form, (TokenServiceHost.ConfidentialClientId, TokenServiceHost.ConfidentialSecret));
    }

    /// <summary>authorize → ACS → code redemption for the confidential client <c>web-app</c> (client_secret_post); returns the token response.</summary>
    public static async Task<JsonElement> ConfidentialSignInAndRedeemAsync(this TokenServiceHost host, X509Certificate2? userCertificate, string upn = "alice@contoso.com")
    {
        var authn = await host.AuthorizeAsync(OAuthFlow.AuthorizeUrl(
            clientId: TokenServiceHost.ConfidentialClientId, redirectUri: ConfidentialRedirectUri, challenge: OAuthFlow.Challenge()));
        var assertion = host.Federation.NewAssertion(host.AcsUrl, host.EntityId, authn.Id, upn, userCertificate, null);
        using var acs = await host.PostAcsAsync(host.Federation.Response(assertion, host.AcsUrl, authn.Id));
        Assert.Equal(HttpStatusCode.Redirect, acs.StatusCode);
        Assert.StartsWith(ConfidentialRedirectUri, acs.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var code = HttpUtility.ParseQueryString(acs.Headers.Location.Query)["code"]!;
        var (status, body) = await host.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
            ["code"] = code,
            ["redirect_uri"] = ConfidentialRedirectUri,
            ["code_verifier"] = OAuthFlow.Verifier,
        });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>The claims of a JWT's payload (not validated: the test's own view of what the service issued).</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement.Clone();
}
