using System.Net;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Domain;
using CertAuth.Federation.TokenService.Endpoints;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Saml;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.DomainTypes;

/// <summary>
/// Issue 12 item 2 (trusts): the authorize endpoint, the ACS and logout see federation trusts as
/// <see cref="FederationTrust"/>, pending sign-ins as <see cref="PendingAuthorization"/> and issued codes as
/// <see cref="AuthorizationCode"/>, each mapped from its EF record in Domain/StoreRepositories.cs. These tests pin the
/// mapping over the real server (TLS on loopback); the flows themselves are pinned by the existing sign-in tests.
/// </summary>
public sealed class FederationTrustDomainTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheTrustRepository_MapsTheStoredTrust_FieldForField()
    {
        var record = (await _host.Services.GetRequiredService<IFederationTrustStore>().FindByEntityIdAsync(TokenServiceHost.FederationEntityId))!;

        var trust = await _host.Services.GetRequiredService<IFederationTrustRepository>().FindAsync(TokenServiceHost.FederationEntityId);

        Assert.NotNull(trust);
        Assert.Equal(record.EntityId, trust.EntityId);
        Assert.Equal(TokenServiceHost.FederationSsoUrl, trust.SingleSignOnUrl);
        Assert.Equal(record.SigningCertificates, trust.SigningCertificates);
        Assert.NotEmpty(trust.SigningCertificates);
        Assert.Equal(record.Protocol, trust.Protocol);
        Assert.True(trust.IsSaml2);
        Assert.False(trust.IsWsFederation);
        Assert.Equal(record.AllowUnsolicited, trust.AllowUnsolicited);
        Assert.Equal(record.Enabled, trust.Enabled);
        Assert.Equal(record.MetadataUrl, trust.MetadataUrl);
        Assert.Null(await _host.Services.GetRequiredService<IFederationTrustRepository>().FindAsync("https://nobody.test/trust"));
    }

    [Fact]
    public void TheDomainProtocolValues_AreTheStoredOnes()
    {
        // The domain type names the protocols itself; the values must stay those the store and the CLI write.
        Assert.Equal(FederationProtocols.Saml2, FederationTrust.Saml2);
        Assert.Equal(FederationProtocols.WsFederation, FederationTrust.WsFederation);
        Assert.True(new FederationTrust { EntityId = "e", SingleSignOnUrl = "https://x.test/", Protocol = FederationProtocols.WsFederation }.IsWsFederation);
    }

    [Fact]
    public async Task ADisabledTrust_IsMappedAsDisabled_AndTheResolverAndAuthorizeEndpointRefuseIt()
    {
        var store = _host.Services.GetRequiredService<IFederationTrustStore>();
        var record = (await store.FindByEntityIdAsync(TokenServiceHost.FederationEntityId))!;
        record.Enabled = false;
        Assert.True(await store.UpdateAsync(record));

        var mapped = await _host.Services.GetRequiredService<IFederationTrustRepository>().FindAsync(TokenServiceHost.FederationEntityId);
        var resolver = _host.Services.GetRequiredService<FederationTrustResolver>();

        Assert.False(mapped!.Enabled);
        Assert.Null(await resolver.FindAsync(TokenServiceHost.FederationEntityId, CancellationToken.None));
        Assert.Empty(await resolver.ListEnabledAsync(CancellationToken.None));
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(TokenServiceHost.RedirectUri, response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("error=", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTheRealServer_TheAuthorizeEndpoint_StoresAPendingAuthorization_TheRepositoryReadsBackAndConsumesOnce()
    {
        using var response = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserBindingCookie.Name + "=", StringComparison.Ordinal));
        var value = cookie[(BrowserBindingCookie.Name.Length + 1)..].Split(';')[0];
        var repository = _host.Services.GetRequiredService<IPendingAuthorizationRepository>();

        var pending = await repository.FindByBrowserBindingAsync(OpaqueTokens.Hash(value));

        Assert.NotNull(pending);
        Assert.Equal(TokenServiceHost.PublicClientId, pending.ClientId);
        Assert.Equal(TokenServiceHost.RedirectUri, pending.RedirectUri);
        Assert.Equal(TokenServiceHost.FederationEntityId, pending.FederationEntityId);
        Assert.Equal(OAuthFlow.Challenge(), pending.CodeChallenge);
        Assert.Equal("S256", pending.CodeChallengeMethod);
        Assert.Equal("st-123", pending.State);
        Assert.Equal("n-456", pending.Nonce);
        Assert.Null(pending.ConsumedAt);
        Assert.True(await repository.TryConsumeAsync(pending.RequestId, _host.Clock.GetUtcNow()));
        Assert.False(await repository.TryConsumeAsync(pending.RequestId, _host.Clock.GetUtcNow()));
        Assert.Null(await repository.FindByBrowserBindingAsync(OpaqueTokens.Hash(value)));
    }

    [Fact]
    public async Task OverTheRealServer_TheAcsIssuesACode_ThatTheRepositoryReadsBack_WithThePkceMethodAndIssueTime()
    {
        var code = await _host.SignInAsync(null);

        var stored = await _host.Services.GetRequiredService<IAuthorizationCodeRepository>().FindByHashAsync(OpaqueTokens.Hash(code));
        var record = await _host.Services.GetRequiredService<IAuthorizationCodeStore>().FindByHashAsync(OpaqueTokens.Hash(code));

        Assert.NotNull(stored);
        Assert.Equal("S256", stored.CodeChallengeMethod);
        Assert.Equal(_host.Clock.GetUtcNow(), stored.IssuedAt);
        Assert.Equal(TokenServiceHost.FederationEntityId, stored.FederationIssuer);
        Assert.Equal(stored.TokenServiceUserId, record!.UserId);
        Assert.Equal("alice@contoso.com", stored.Upn);
    }
}
