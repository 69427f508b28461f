using System.Net;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Endpoints;

/// <summary>
/// <c>/oauth2/introspect</c> (RFC 7662) over real TLS on loopback: confidential clients only; a refresh token is active
/// exactly when the refresh grant would redeem it (cross-checked with revocation, rotation, revoked sessions and the
/// CA's CRL served over loopback HTTP); inactive answers echo nothing.
/// </summary>
public sealed class IntrospectionEndpointTests : IAsyncLifetime
{
    private const string Crl = "issuing-ca.crl";
    private const string Inactive = "{\"active\":false}";
    private TokenServiceHost _host = null!;
    private CrlServer _crls = null!;

    public async Task InitializeAsync()
    {
        _crls = await CrlServer.StartAsync();
        _host = await TokenServiceHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _crls.DisposeAsync();
    }

    [Fact]
    public async Task AnAccessToken_IsActiveWithItsClaims()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var access = (await _host.SignInAndRedeemAsync(alice)).GetProperty("access_token").GetString()!;
        var issued = OAuthEndpointsFlow.Payload(access);

        var answer = await _host.IntrospectAsync(access, hint: "access_token");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("no-store", answer.CacheControl);
        var body = answer.Body;
        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(TokenServiceHost.PublicClientId, body.GetProperty("client_id").GetString());
        Assert.Equal(TokenServiceHost.PublicClientId, body.GetProperty("aud").GetString());
        Assert.Equal("openid profile offline_access", body.GetProperty("scope").GetString());
        Assert.Equal("alice@contoso.com", body.GetProperty("username").GetString());
        foreach (var claim in new[] { "sub", "iss", "jti", "sid" })
        {
            Assert.Equal(issued.GetProperty(claim).GetString(), body.GetProperty(claim).GetString());
        }

        foreach (var claim in new[] { "exp", "iat", "nbf" })
        {
            Assert.Equal(issued.GetProperty(claim).GetInt64(), body.GetProperty(claim).GetInt64());
        }
    }

    [Fact]
    public async Task ARefreshToken_IsActiveUntilRotated_ThenInactiveWithNothingEchoed()
    {
        await _host.TrustIssuingCaAsync(crl: null);
        var tokens = await _host.ConfidentialSignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        var answer = await _host.IntrospectAsync(refresh, hint: "refresh_token");
        Assert.True(answer.Body.GetProperty("active").GetBoolean(), answer.Text);
        Assert.Equal("refresh_token", answer.Body.GetProperty("token_type").GetString());
        Assert.Equal(TokenServiceHost.ConfidentialClientId, answer.Body.GetProperty("client_id").GetString());
        Assert.Equal(OAuthEndpointsFlow.Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("sub").GetString(), answer.Body.GetProperty("sub").GetString());
        Assert.True(answer.Body.GetProperty("exp").GetInt64() > _host.Clock.GetUtcNow().ToUnixTimeSeconds());

        var (status, rotated) = await _host.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
            ["refresh_token"] = refresh,
        });
        Assert.Equal(HttpStatusCode.OK, status);

        Assert.Equal(Inactive, (await _host.IntrospectAsync(refresh)).Text);
        Assert.True((await _host.IntrospectAsync(rotated.GetProperty("refresh_token").GetString()!)).Body.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task AfterRevocation_BothTokensAreInactive()
    {
        await _host.TrustIssuingCaAsync(crl: null);
        var tokens = await _host.ConfidentialSignInAndRedeemAsync(null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var access = tokens.GetProperty("access_token").GetString()!;
        Assert.True((await _host.IntrospectAsync(refresh)).Body.GetProperty("active").GetBoolean());
        Assert.True((await _host.IntrospectAsync(access)).Body.GetProperty("active").GetBoolean());

        var revoked = await _host.PostFormAsync("/oauth2/revoke", new()
        {
            ["token"] = refresh,
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
        });
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        Assert.Equal(Inactive, (await _host.IntrospectAsync(refresh)).Text);
        Assert.Equal(Inactive, (await _host.IntrospectAsync(access)).Text);
    }

    [Fact]
    public async Task ARefreshTokenWhoseCertificateIsThenOnTheCrl_IsInactive()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var refresh = (await _host.ConfidentialSignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!;
        Assert.True((await _host.IntrospectAsync(refresh)).Body.GetProperty("active").GetBoolean());

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        _host.Pki.Revoke(alice);
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        await _host.Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(TokenServiceHost.IssuingCaId, "test");
        Assert.Contains(TokenServiceHost.IssuingCaId, await _host.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None));

        Assert.Equal(Inactive, (await _host.IntrospectAsync(refresh)).Text);
    }

    [Fact]
    public async Task ARefreshTokenOfAUserWhoseSessionsWereRevoked_IsInactive()
    {
        await _host.TrustIssuingCaAsync(crl: null);
        var refresh = (await _host.ConfidentialSignInAndRedeemAsync(null, upn: "bob@contoso.com")).GetProperty("refresh_token").GetString()!;
        Assert.True((await _host.IntrospectAsync(refresh)).Body.GetProperty("active").GetBoolean());
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.Services.GetRequiredService<ITokenServiceUserStore>().RevokeSessionsAsync("bob@contoso.com", null, _host.Clock.GetUtcNow());

        Assert.Equal(Inactive, (await _host.IntrospectAsync(refresh)).Text);
    }

    [Fact]
    public async Task ExpiredTamperedUnknownOrOtherClientsRefreshTokens_AreInactive()
    {
        var tokens = await _host.SignInAndRedeemAsync(null);
        var access = tokens.GetProperty("access_token").GetString()!;
        var parts = access.Split('.');

        Assert.Equal(Inactive, (await _host.IntrospectAsync(parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length))).Text);
        Assert.Equal(Inactive, (await _host.IntrospectAsync("not-a-token")).Text);
        Assert.Equal(Inactive, (await _host.IntrospectAsync(OAuth.OpaqueTokens.New())).Text);
        // The public client's refresh token is not the confidential caller's to inspect.
        Assert.Equal(Inactive, (await _host.IntrospectAsync(tokens.GetProperty("refresh_token").GetString()!)).Text);

        _host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(Inactive, (await _host.IntrospectAsync(access)).Text);
    }

    [Fact]
    public async Task APublicClient_Is401InvalidClient()
    {
        var access = (await _host.SignInAndRedeemAsync(null)).GetProperty("access_token").GetString()!;

        var answer = await _host.PostFormAsync("/oauth2/introspect", new() { ["token"] = access, ["client_id"] = TokenServiceHost.PublicClientId });

        answer.AssertError(HttpStatusCode.Unauthorized, "invalid_client", "CAT700290");
        Assert.DoesNotContain("active", answer.Text, StringComparison.Ordinal);
        (await _host.PostFormAsync("/oauth2/introspect", new() { ["token"] = access }, (TokenServiceHost.ConfidentialClientId, "wrong")))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", "CAT7000215");
        (await _host.PostFormAsync("/oauth2/introspect", new() { ["client_id"] = TokenServiceHost.ConfidentialClientId, ["client_secret"] = TokenServiceHost.ConfidentialSecret }))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", "CAT900144");
    }
}
