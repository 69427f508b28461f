using System.Net;
using System.Web;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.TokenService.Hosting;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

public sealed class AuthorizeEndpointTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ValidRequest_SendsASignedAuthnRequestToTheFederationServer()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = response.Headers.Location!.Query.TrimStart('?');
        Assert.Contains("SigAlg=" + Uri.EscapeDataString(SignatureAlgorithms.RsaSha256), query, StringComparison.Ordinal);
        var keys = _host.Services.GetRequiredService<TokenServiceKeys>();
        new SignatureVerifier().VerifyRedirectSignature(query, [keys.RequestSigning]).Valid();

        var request = await _host.AuthorizeAsync();
        Assert.Equal(_host.EntityId, request.Issuer);
        Assert.Equal(_host.AcsUrl, request.AssertionConsumerServiceUrl);
        Assert.Equal(TokenServiceHost.FederationSsoUrl, request.Destination);
    }

    [Fact]
    public async Task UnknownClient_IsAPageNotARedirect()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(clientId: "nobody", challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CAT700016", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnregisteredRedirectUri_IsAPageNotARedirect()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(redirectUri: "https://evil.test/cb", challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CAT50011", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackRedirectUri_MatchesAnyPort()
    {
        await _host.AuthorizeAsync(OAuthFlow.AuthorizeUrl(redirectUri: "http://127.0.0.1:53123/callback", challenge: OAuthFlow.Challenge()));
        using var otherPath = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(redirectUri: "http://127.0.0.1:53123/other", challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.BadRequest, otherPath.StatusCode);
    }

    [Fact]
    public async Task PublicClientWithoutPkce_IsRedirectedWithAnError()
    {
        var error = await RedirectErrorAsync(OAuthFlow.AuthorizeUrl(challenge: null));
        Assert.Equal("invalid_request", error["error"]);
        Assert.StartsWith("CAT9002325:", error["error_description"], StringComparison.Ordinal);
        Assert.Equal("st-123", error["state"]);
    }

    [Fact]
    public async Task PlainPkceMethod_IsRedirectedWithAnError()
    {
        var error = await RedirectErrorAsync(OAuthFlow.AuthorizeUrl(challenge: null, extra: "&code_challenge=" + OAuthFlow.Challenge() + "&code_challenge_method=plain"));
        Assert.StartsWith("CAT9002325:", error["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseTypeOtherThanCode_IsRedirectedWithAnError()
    {
        var url = OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()).Replace("response_type=code", "response_type=token", StringComparison.Ordinal);
        Assert.Equal("unsupported_response_type", (await RedirectErrorAsync(url))["error"]);
    }

    [Fact]
    public async Task ScopeNotAllowed_IsRedirectedWithAnError()
    {
        Assert.Equal("invalid_scope", (await RedirectErrorAsync(OAuthFlow.AuthorizeUrl(scope: "openid admin", challenge: OAuthFlow.Challenge())))["error"]);
    }

    [Fact]
    public async Task RepeatedParameter_IsAPage()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()) + "&client_id=sample-app");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<System.Collections.Specialized.NameValueCollection> RedirectErrorAsync(string url)
    {
        using var response = await _host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(TokenServiceHost.RedirectUri, response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        return HttpUtility.ParseQueryString(response.Headers.Location.Query);
    }
}
