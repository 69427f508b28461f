using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

/// <summary><c>/oauth2/revoke</c> (RFC 7009) over real TLS on loopback, cross-checked with the token endpoint and userinfo.</summary>
public sealed class RevocationEndpointTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();

        // Every sign-in names a certificate (issue 11), so its CA must be configured for refresh; no CRL: not checked.
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Discovery_AdvertisesRevocationAndIntrospectionWithTheirAuthMethods()
    {
        var configuration = JsonDocument.Parse(await _host.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(new Uri(_host.BaseUrl, "/oauth2/revoke").AbsoluteUri, configuration.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(new Uri(_host.BaseUrl, "/oauth2/introspect").AbsoluteUri, configuration.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(["client_secret_basic", "client_secret_post", "none"],
            configuration.GetProperty("revocation_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["client_secret_basic", "client_secret_post"],
            configuration.GetProperty("introspection_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task RevokingTheCurrentRefreshToken_RevokesTheFamily_SoRedemptionAndUserInfoAreRefused()
    {
        var tokens = await _host.SignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var access = tokens.GetProperty("access_token").GetString()!;

        var answer = await _host.RevokeAsync(refresh, hint: "refresh_token");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("", answer.Text);
        Assert.Equal("no-store", answer.CacheControl);
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT700086");
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(access));
        var entry = Assert.Single(await _host.Services.GetRequiredService<IAuditLog>().ListAsync(), e => e.Action == "token.revoke");
        Assert.Equal("client:" + TokenServiceHost.PublicClientId, entry.Actor);
        Assert.Equal("refresh-family:" + OAuthEndpointsFlow.Payload(access).GetProperty("sid").GetString(), entry.Target);
        Assert.DoesNotContain(refresh, entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains(refresh, StringComparison.Ordinal));
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3090);
    }

    [Fact]
    public async Task RevokingAnAlreadyRotatedRefreshToken_RevokesItsDescendants()
    {
        var first = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        var (status, body) = await _host.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.OK, status);
        var second = body.GetProperty("refresh_token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await _host.RevokeAsync(first)).Status);

        OAuthFlow.AssertError(await _host.RefreshAsync(second), "invalid_grant", "CAT700086");
    }

    [Fact]
    public async Task RevokingAnAccessToken_RevokesItsSignIn_AcrossUserInfoAndRefresh()
    {
        var tokens = await _host.SignInAndRedeemAsync(null);
        var access = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(access));

        Assert.Equal(HttpStatusCode.OK, (await _host.RevokeAsync(access, hint: "access_token")).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(access));
        OAuthFlow.AssertError(await _host.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT700086");
    }

    [Fact]
    public async Task AWrongHint_StillFindsTheToken()
    {
        var tokens = await _host.SignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await _host.RevokeAsync(refresh, hint: "access_token")).Status);

        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT700086");
    }

    [Fact]
    public async Task ATokenOfAnotherClient_IsAnswered200_ButNotRevoked()
    {
        var tokens = await _host.SignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var access = tokens.GetProperty("access_token").GetString()!;
        var asConfidential = (TokenServiceHost.ConfidentialClientId, TokenServiceHost.ConfidentialSecret);

        Assert.Equal(HttpStatusCode.OK, (await _host.PostFormAsync("/oauth2/revoke", new() { ["token"] = refresh }, asConfidential)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostFormAsync("/oauth2/revoke", new() { ["token"] = access }, asConfidential)).Status);

        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(access));
        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(refresh)).Status);
        Assert.DoesNotContain(await _host.Services.GetRequiredService<IAuditLog>().ListAsync(), e => e.Action == "token.revoke");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0.")]
    public async Task AnUnknownOrInvalidToken_IsAnswered200(string token)
    {
        var answer = await _host.RevokeAsync(token);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("", answer.Text);
    }

    [Fact]
    public async Task MalformedRequests_GetStableCodes()
    {
        (await _host.PostFormAsync("/oauth2/revoke", new() { ["client_id"] = TokenServiceHost.PublicClientId }))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", "CAT900144");
        (await _host.PostFormAsync("/oauth2/revoke", new() { ["client_id"] = TokenServiceHost.PublicClientId, ["token"] = new string('a', 8193) }))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", "CAT900145");
        (await _host.PostFormAsync("/oauth2/revoke", new() { ["token"] = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", "CAT900144");

        using var repeated = await _host.Client.PostAsync("/oauth2/revoke", new StringContent(
            "token=a&token=b&client_id=sample-app", new MediaTypeHeaderValue("application/x-www-form-urlencoded")));
        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.StartsWith("CAT900144:", JsonDocument.Parse(await repeated.Content.ReadAsStringAsync()).RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        using var notAForm = await _host.Client.PostAsync("/oauth2/revoke", new StringContent("{}", new MediaTypeHeaderValue("application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
    }

    [Fact]
    public async Task BadClientAuthentication_Is401InvalidClient()
    {
        var token = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;

        var wrongSecret = await _host.PostFormAsync("/oauth2/revoke", new() { ["token"] = token }, (TokenServiceHost.ConfidentialClientId, "wrong"));
        wrongSecret.AssertError(HttpStatusCode.Unauthorized, "invalid_client", "CAT7000215");
        Assert.StartsWith("Basic", wrongSecret.Challenge, StringComparison.Ordinal);
        (await _host.PostFormAsync("/oauth2/revoke", new() { ["token"] = token, ["client_id"] = TokenServiceHost.ConfidentialClientId }))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", "CAT7000218");
        (await _host.RevokeAsync(token, clientId: "nobody"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", "CAT700016");

        Assert.Equal(HttpStatusCode.OK, (await _host.RefreshAsync(token)).Status);
    }

    [Fact]
    public async Task TheRevocationIsWrittenToTheSharedStore_NotKeptInMemory()
    {
        // Every farm node reads the same database; the revocation must be there, with its reason.
        var tokens = await _host.SignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var store = _host.Services.GetRequiredService<IRefreshTokenStore>();
        var before = await store.FindByHashAsync(OAuth.OpaqueTokens.Hash(refresh));
        Assert.Null(before!.RevokedAt);

        Assert.Equal(HttpStatusCode.OK, (await _host.RevokeAsync(refresh)).Status);

        // The revocation is in the database every node reads, not in this node's memory.
        var after = await store.FindByHashAsync(OAuth.OpaqueTokens.Hash(refresh));
        Assert.NotNull(after!.RevokedAt);
        Assert.Contains("RFC 7009", after.RevocationReason, StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> UserInfoStatusAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _host.Client.SendAsync(request);
        return response.StatusCode;
    }
}
