using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CertAuth.Federation.TokenService.Tests.TestKit;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

public sealed class TokenEndpointTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UnsupportedGrantType_IsRefused()
    {
        var result = await _host.TokenAsync(new() { ["grant_type"] = "password", ["client_id"] = TokenServiceHost.PublicClientId });
        OAuthFlow.AssertError(result, "unsupported_grant_type", "CAT70003");
    }

    [Fact]
    public async Task MissingGrantType_IsInvalidRequest()
    {
        OAuthFlow.AssertError(await _host.TokenAsync(new() { ["client_id"] = TokenServiceHost.PublicClientId }), "invalid_request", "CAT900144");
    }

    [Fact]
    public async Task UnknownClient_IsInvalidClientWith401()
    {
        var result = await _host.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = "nobody", ["refresh_token"] = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        OAuthFlow.AssertError(result, "invalid_client", "CAT700016");
    }

    [Fact]
    public async Task ConfidentialClient_WithWrongSecretInBasic_Gets401WithChallenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "x" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenServiceHost.ConfidentialClientId + ":wrong")));
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("CAT7000215", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfidentialClient_WithoutSecret_IsRefused()
    {
        var result = await _host.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenServiceHost.ConfidentialClientId, ["refresh_token"] = "x" });
        OAuthFlow.AssertError(result, "invalid_client", "CAT7000218");
    }

    [Fact]
    public async Task RepeatedParameter_IsInvalidRequest()
    {
        using var content = new StringContent("grant_type=refresh_token&grant_type=refresh_token&client_id=sample-app", Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await _host.Client.PostAsync("/oauth2/token", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CAT900144", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedParameter_IsRefused()
    {
        var result = await _host.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenServiceHost.PublicClientId, ["refresh_token"] = new string('a', 500) });
        OAuthFlow.AssertError(result, "invalid_request", "CAT900145");
    }

    [Fact]
    public async Task Discovery_PublishesEndpointsAndTheKeyThatVerifiesAccessTokens()
    {
        var configuration = System.Text.Json.JsonDocument.Parse(await _host.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.Equal(_host.BaseUrl.AbsoluteUri.TrimEnd('/'), configuration.GetProperty("issuer").GetString());
        Assert.Equal(_host.TokenEndpoint, configuration.GetProperty("token_endpoint").GetString());
        var jwks = await _host.Client.GetStringAsync("/discovery/keys");
        var keySet = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(jwks);

        var body = await _host.SignInAndRedeemAsync(null);
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var validation = await handler.ValidateTokenAsync(body.GetProperty("access_token").GetString(), new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            ValidIssuer = configuration.GetProperty("issuer").GetString(),
            ValidAudience = TokenServiceHost.PublicClientId,
            IssuerSigningKeys = keySet.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
            LifetimeValidator = (_, _, _, _) => true,
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
    }
}
