using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

/// <summary><c>/oauth2/userinfo</c> over real TLS on loopback: claims and the certificate the sign-in is bound to.</summary>
public sealed class UserInfoEndpointTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Discovery_AdvertisesTheUserInfoEndpoint()
    {
        var configuration = JsonDocument.Parse(await _host.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(new Uri(_host.BaseUrl, "/oauth2/userinfo").AbsoluteUri, configuration.GetProperty("userinfo_endpoint").GetString());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task WithTheAccessToken_ReturnsTheUserAndTheCertificateTheSessionIsBoundTo(string method)
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var tokens = await _host.SignInAndRedeemAsync(alice);

        var (status, body, _) = await UserInfoAsync(new HttpMethod(method), tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice@contoso.com", body.GetProperty("upn").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("sub").GetString()));
        Assert.Equal(alice.SerialNumber, body.GetProperty("cert_serialnumber").GetString());
        Assert.Equal(alice.Issuer, body.GetProperty("cert_issuer").GetString());
        Assert.Equal("x509", body.GetProperty("amr")[0].GetString());
    }

    [Fact]
    public async Task WithoutAToken_Is401WithABearerChallengeAndNoErrorCode()
    {
        var (status, _, challenge) = await UserInfoAsync(HttpMethod.Get, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("Bearer", challenge, StringComparison.Ordinal);
        Assert.DoesNotContain("error=", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATamperedToken_IsInvalidToken()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var token = (await _host.SignInAndRedeemAsync(alice)).GetProperty("access_token").GetString()!;
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!;
        payload["upn"] = JsonSerializer.SerializeToElement("mallory@contoso.com");
        var forged = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload)) + "." + parts[2];

        AssertInvalidToken(await UserInfoAsync(HttpMethod.Get, forged));
        AssertInvalidToken(await UserInfoAsync(HttpMethod.Get, "not-a-jwt"));
    }

    [Fact]
    public async Task AnExpiredToken_IsInvalidToken()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var token = (await _host.SignInAndRedeemAsync(alice)).GetProperty("access_token").GetString();

        _host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        AssertInvalidToken(await UserInfoAsync(HttpMethod.Get, token));
    }

    [Fact]
    public async Task ATokenOfARevokedSignIn_IsInvalidToken()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var token = (await _host.SignInAndRedeemAsync(alice)).GetProperty("access_token").GetString()!;
        var sid = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement.GetProperty("sid").GetString()!;

        await _host.Services.GetRequiredService<IRefreshTokenStore>().RevokeFamilyAsync(sid, "test", _host.Clock.GetUtcNow());

        AssertInvalidToken(await UserInfoAsync(HttpMethod.Get, token));
    }

    private static void AssertInvalidToken((HttpStatusCode Status, JsonElement Body, string Challenge) result)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Contains("error=\"invalid_token\"", result.Challenge, StringComparison.Ordinal);
        Assert.Contains("CAT700190", result.Challenge, StringComparison.Ordinal);
        Assert.Equal("invalid_token", result.Body.GetProperty("error").GetString());
        Assert.StartsWith("CAT700190:", result.Body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string Challenge)> UserInfoAsync(HttpMethod method, string? token)
    {
        using var request = new HttpRequestMessage(method, "/oauth2/userinfo");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _host.Client.SendAsync(request);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response.Headers.WwwAuthenticate.ToString());
    }
}
