using System.Net;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Grants;

/// <summary>RFC 7522 saml2-bearer: the assertion's Recipient is the token endpoint, its Audience our entity id.</summary>
public sealed class SamlBearerGrantTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SignedAssertion_IsExchangedForTokens_WithTheCertificateClaimsCopied()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var assertion = _host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", alice);

        var (status, body) = await ExchangeAsync(_host.Federation.BareAssertion(assertion));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var record = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(body.GetProperty("refresh_token").GetString()!));
        Assert.Equal(alice.SerialNumber, record!.CertificateSerialNumber);
        Assert.Equal(alice.Issuer, record.CertificateIssuer);
        Assert.True(body.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task ReplayedAssertion_IsRejected()
    {
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null));
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(assertion)).Status);
        OAuthFlow.AssertError(await ExchangeAsync(assertion), "invalid_grant", "CAT50132");
    }

    [Fact]
    public async Task AssertionForTheAcsInsteadOfTheTokenEndpoint_IsRejected()
    {
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, null, "alice@contoso.com", null));
        OAuthFlow.AssertError(await ExchangeAsync(assertion), "invalid_grant", "CAT50010");
    }

    [Fact]
    public async Task AssertionForAnotherAudience_IsRejected()
    {
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, "https://other.test/", null, "alice@contoso.com", null));
        OAuthFlow.AssertError(await ExchangeAsync(assertion), "invalid_grant", "CAT50010");
    }

    [Fact]
    public async Task AssertionSignedByAnUnknownKey_IsRejected()
    {
        var now = _host.Clock.GetUtcNow();
        var stranger = CertificateFactory.CreateTokenSigning("CN=Stranger", now.AddDays(-1), now.AddDays(1));
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null), stranger);
        OAuthFlow.AssertError(await ExchangeAsync(assertion), "invalid_grant", "CAT50006");
    }

    [Fact]
    public async Task ExpiredAssertion_IsRejected()
    {
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null));
        _host.Clock.Advance(TimeSpan.FromHours(2));
        OAuthFlow.AssertError(await ExchangeAsync(assertion), "invalid_grant", "CAT50133");
    }

    [Fact]
    public async Task AssertionFromAnUntrustedIssuer_IsRejected()
    {
        var other = new FederationServerSimulator("https://evil.test/trust", _host.Federation.SigningCertificate, _host.Clock);
        var assertion = other.BareAssertion(other.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null));
        OAuthFlow.AssertError(await ExchangeAsync(assertion), "invalid_grant", "CAT50107");
    }

    [Fact]
    public async Task MissingAssertion_IsInvalidRequest()
    {
        var result = await _host.TokenAsync(new() { ["grant_type"] = "urn:ietf:params:oauth:grant-type:saml2-bearer", ["client_id"] = TokenServiceHost.PublicClientId });
        OAuthFlow.AssertError(result, "invalid_request", "CAT900144");
    }

    [Fact]
    public async Task ClientNotAllowedTheGrant_IsUnauthorizedClient()
    {
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null));
        var result = await _host.TokenAsync(new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
            ["assertion"] = assertion,
        });
        OAuthFlow.AssertError(result, "unauthorized_client", "CAT70002");
    }

    [Fact]
    public async Task AssertionForAUserWhoseSessionsWereRevokedAfterTheSignIn_IsRejected()
    {
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "bob@contoso.com", null));
        await ExchangeAsync(_host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "bob@contoso.com", null)));
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _host.Services.GetRequiredService<ITokenServiceUserStore>().RevokeSessionsAsync("bob@contoso.com", null, _host.Clock.GetUtcNow());
        OAuthFlow.AssertError(await ExchangeAsync(assertion), "invalid_grant", "CAT50173");
    }

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> ExchangeAsync(string assertion) =>
        _host.TokenAsync(new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ["client_id"] = TokenServiceHost.PublicClientId,
            ["assertion"] = assertion,
            ["scope"] = "openid offline_access",
        });
}
