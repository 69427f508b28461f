using System.Net;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CertAuth.Federation.TokenService.Tests.Grants;

public sealed class AuthorizationCodeGrantTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CodeFlow_WithPkce_IssuesJwtAccessTokenIdTokenAndRefreshToken()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var body = await _host.SignInAndRedeemAsync(alice);

        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("openid profile offline_access", body.GetProperty("scope").GetString());
        Assert.Equal(43, body.GetProperty("refresh_token").GetString()!.Length);
        var access = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("RS256", access.Alg);
        Assert.False(string.IsNullOrEmpty(access.Kid));
        Assert.Equal("alice@contoso.com", access.GetClaim("upn").Value);
        Assert.Equal(TokenServiceHost.FederationEntityId, access.GetClaim("idp").Value);
        var id = new JsonWebToken(body.GetProperty("id_token").GetString());
        Assert.Equal("n-456", id.GetClaim("nonce").Value);
        Assert.Equal(TokenServiceHost.PublicClientId, id.Audiences.Single());
    }

    [Fact]
    public async Task RefreshTokenRecord_CopiesSerialNumberAndIssuerFromTheSamlClaims()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var body = await _host.SignInAndRedeemAsync(alice);

        var store = _host.Services.GetRequiredService<IRefreshTokenStore>();
        var record = await store.FindByHashAsync(OAuth.OpaqueTokens.Hash(body.GetProperty("refresh_token").GetString()!));
        Assert.NotNull(record);
        Assert.Equal(alice.SerialNumber, record.CertificateSerialNumber);
        Assert.Equal(alice.Issuer, record.CertificateIssuer);
        Assert.Equal(TokenServiceHost.FederationEntityId, record.FederationIssuer);
        Assert.Equal("alice@contoso.com", record.Upn);
        Assert.Equal(_host.Clock.GetUtcNow(), record.AuthTime);
    }

    [Fact]
    public async Task Code_WhenRedeemedTwice_IsRefusedAndRevokesTokensIssuedFromIt()
    {
        var code = await _host.SignInAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        var first = await _host.RedeemCodeAsync(code);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code), "invalid_grant", "CAT54005");
        OAuthFlow.AssertError(await _host.RefreshAsync(first.Body.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT700086");
    }

    [Fact]
    public async Task Code_AfterItsLifetime_IsRefused()
    {
        var code = await _host.SignInAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        _host.Clock.Advance(TimeSpan.FromSeconds(61));
        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code), "invalid_grant", "CAT70008");
    }

    [Fact]
    public async Task Code_WithWrongVerifier_IsRefused()
    {
        var code = await _host.SignInAsync(null);
        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code, verifier: new string('x', 43)), "invalid_grant", "CAT501481");
    }

    [Fact]
    public async Task Code_WithoutVerifier_IsRefused()
    {
        var code = await _host.SignInAsync(null);
        var result = await _host.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TokenServiceHost.PublicClientId,
            ["code"] = code,
            ["redirect_uri"] = TokenServiceHost.RedirectUri,
        });
        OAuthFlow.AssertError(result, "invalid_grant", "CAT501481");
    }

    [Fact]
    public async Task Code_WithOtherRedirectUri_IsRefused()
    {
        var code = await _host.SignInAsync(null);
        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code, redirectUri: TokenServiceHost.LoopbackRedirectUri), "invalid_grant", "CAT70001");
    }

    [Fact]
    public async Task Code_RedeemedByAnotherClient_IsRefused()
    {
        var code = await _host.SignInAsync(null);
        var result = await _host.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
            ["code"] = code,
            ["redirect_uri"] = TokenServiceHost.RedirectUri,
            ["code_verifier"] = OAuthFlow.Verifier,
        });
        OAuthFlow.AssertError(result, "invalid_grant", "CAT70001");
    }

    [Fact]
    public async Task UnknownCode_IsRefused()
    {
        OAuthFlow.AssertError(await _host.RedeemCodeAsync(OAuth.OpaqueTokens.New()), "invalid_grant", "CAT70000");
    }

    [Fact]
    public async Task Code_ForUserWhoseSessionsWereRevokedMeanwhile_IsRefused()
    {
        var code = await _host.SignInAsync(null);
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _host.Services.GetRequiredService<ITokenServiceUserStore>().RevokeSessionsAsync("alice@contoso.com", null, _host.Clock.GetUtcNow());
        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code), "invalid_grant", "CAT50173");
    }
}
