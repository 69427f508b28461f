using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.TokenService.Grants;
using CertAuth.Federation.TokenService.OAuth;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Grants;

/// <summary>
/// Issue 12 item 7: the grants answer with a typed <see cref="GrantResult"/> — tokens, or the refusal with its stable
/// code — and throw nothing for a refusal; each refusal is logged once (event 3000). The HTTP contract (codes, statuses)
/// is pinned by the endpoint tests over the real listener.
/// </summary>
public sealed class GrantResultTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EveryKindOfRefusal_IsATypedResult_NotAnException_AndIsLoggedOnce()
    {
        var processor = _host.Services.GetRequiredService<TokenRequestProcessor>();
        var unknownToken = OpaqueTokens.New();
        var cases = new (TokenRequest Request, TokenErrorCode Code)[]
        {
            (new TokenRequest { GrantType = "password", ClientId = TokenServiceHost.PublicClientId }, TokenErrorCode.UnsupportedGrantType),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = "nobody" }, TokenErrorCode.UnknownClient),
            (new TokenRequest { GrantType = GrantTypes.RefreshToken, ClientId = TokenServiceHost.PublicClientId, RefreshToken = unknownToken }, TokenErrorCode.InvalidGrant),
            (new TokenRequest { GrantType = GrantTypes.AuthorizationCode, ClientId = TokenServiceHost.PublicClientId, Code = "not-a-code" }, TokenErrorCode.InvalidGrant),
            (new TokenRequest { GrantType = GrantTypes.SamlBearer, ClientId = TokenServiceHost.PublicClientId }, TokenErrorCode.InvalidRequest),
        };

        foreach (var (request, code) in cases)
        {
            var before = _host.Logs.Entries.Count(e => e.EventId == 3000);

            var result = await processor.ProcessAsync(request, CancellationToken.None);

            var refused = Assert.IsType<GrantResult.Refused>(result);
            Assert.Equal(code, refused.Error.Code);
            Assert.Equal(before + 1, _host.Logs.Entries.Count(e => e.EventId == 3000));
        }
    }

    [Fact]
    public async Task ARefreshIsIssued_ThenItsReuseIsARefusal_ThatStillRevokesTheFamily()
    {
        var processor = _host.Services.GetRequiredService<TokenRequestProcessor>();
        var first = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;

        var issued = Assert.IsType<GrantResult.Issued>(await processor.ProcessAsync(Refresh(first), CancellationToken.None));
        var second = issued.Response.RefreshToken;

        var reused = Assert.IsType<GrantResult.Refused>(await processor.ProcessAsync(Refresh(first), CancellationToken.None));
        Assert.Equal(TokenErrorCode.RefreshTokenReused, reused.Error.Code);
        var revoked = Assert.IsType<GrantResult.Refused>(await processor.ProcessAsync(Refresh(second), CancellationToken.None));
        Assert.Equal(TokenErrorCode.RefreshTokenRevoked, revoked.Error.Code);
    }

    [Fact]
    public async Task UserSessionRules_ReportADisabledOrMissingUser_AsATypedRefusal()
    {
        var rules = _host.Services.GetRequiredService<UserSessionRules>();

        var missing = Assert.IsType<UserSessionResult.Refused>(await rules.CheckActiveAsync(null, _host.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(TokenErrorCode.UserDisabled, missing.Error.Code);
        var disabled = Assert.IsType<UserSessionResult.Refused>(UserSessionRules.Check(new Domain.TokenServiceUser { FederationIssuer = "urn:fs", Subject = "x", ObjectId = "o", Upn = "x@contoso.com", Enabled = false }, _host.Clock.GetUtcNow()));
        Assert.Equal(TokenErrorCode.UserDisabled, disabled.Error.Code);
    }

    private static TokenRequest Refresh(string token) =>
        new() { GrantType = GrantTypes.RefreshToken, ClientId = TokenServiceHost.PublicClientId, RefreshToken = token };
}
