using System.Net;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Grants;

public sealed class RefreshTokenGrantTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TokenServiceHost.StartAsync();

        // Every sign-in names a certificate (issue 11), so its CA must be configured for refresh; no CRL: not checked.
        await TrustWithoutCrlAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Refresh_RotatesTheTokenAndCopiesTheCertificateClaims()
    {
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var first = (await _host.SignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!;
        _host.Clock.Advance(TimeSpan.FromHours(2));

        var (status, body) = await _host.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.OK, status);
        var second = body.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);

        var store = _host.Services.GetRequiredService<IRefreshTokenStore>();
        var parent = await store.FindByHashAsync(OAuth.OpaqueTokens.Hash(first));
        var child = await store.FindByHashAsync(OAuth.OpaqueTokens.Hash(second));
        Assert.NotNull(parent?.UsedAt);
        Assert.Equal(parent!.FamilyId, child!.FamilyId);
        Assert.Equal(parent.Id, child.ParentId);
        Assert.Equal(alice.SerialNumber, child.CertificateSerialNumber);
        Assert.Equal(alice.Issuer, child.CertificateIssuer);
        Assert.Equal(parent.AuthTime, child.AuthTime);
        Assert.Equal(parent.AbsoluteExpiresAt, child.AbsoluteExpiresAt);
        Assert.True(child.IssuedAt > parent.IssuedAt);
    }

    [Fact]
    public async Task Code_RedeemedAgainAfterTheRefreshTokenRotated_RevokesTheWholeFamily_NotOnlyTheFirstToken()
    {
        // RFC 6749 §4.1.2 / §10.5: a replayed code revokes every token issued from it. A family that has rotated has its
        // current token in a child row: the revocation follows the family, not the rows that carry the code's hash.
        var code = await _host.SignInAsync(null);
        var first = await _host.RedeemCodeAsync(code);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var rotated = await _host.RefreshAsync(first.Body.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        var current = rotated.Body.GetProperty("refresh_token").GetString()!;

        OAuthFlow.AssertError(await _host.RedeemCodeAsync(code), "invalid_grant", "CAT54005");

        OAuthFlow.AssertError(await _host.RefreshAsync(current), "invalid_grant", "CAT700086");
        var record = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(current));
        Assert.Equal("authorization code replayed", record!.RevocationReason);
    }

    [Fact]
    public async Task Refresh_WithARotatedToken_IsReuseAndRevokesTheWholeFamily()
    {
        var first = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        var second = (await _host.RefreshAsync(first)).Body.GetProperty("refresh_token").GetString()!;

        OAuthFlow.AssertError(await _host.RefreshAsync(first), "invalid_grant", "CAT700085");
        OAuthFlow.AssertError(await _host.RefreshAsync(second), "invalid_grant", "CAT700086");
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3002);
    }

    [Fact]
    public async Task Refresh_ConcurrentRedemptionsOfOneToken_ExactlyOneWinsAndTheOtherIsReuse()
    {
        var token = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _host.RefreshAsync(token)));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        // Losers are reuse (the first one revokes the family); a loser arriving after that sees the revoked family.
        var losers = results.Where(r => r.Status != HttpStatusCode.OK).Select(r => r.Body.GetProperty("error_description").GetString()!).ToList();
        Assert.All(losers, d => Assert.True(d.StartsWith("CAT700085:", StringComparison.Ordinal) || d.StartsWith("CAT700086:", StringComparison.Ordinal), d));
        Assert.Contains(losers, d => d.StartsWith("CAT700085:", StringComparison.Ordinal));
        var winner = results.Single(r => r.Status == HttpStatusCode.OK).Body.GetProperty("refresh_token").GetString()!;
        OAuthFlow.AssertError(await _host.RefreshAsync(winner), "invalid_grant", "CAT700086");
    }

    [Fact]
    public async Task Refresh_AfterSlidingLifetimeOfInactivity_IsRejected()
    {
        var token = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        _host.Clock.Advance(TimeSpan.FromDays(14));
        OAuthFlow.AssertError(await _host.RefreshAsync(token), "invalid_grant", "CAT700082");
    }

    [Fact]
    public async Task Refresh_PastAbsoluteLifetime_IsRejectedEvenWhenUsedRegularly()
    {
        var token = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        for (var i = 0; i < 8; i++)
        {
            _host.Clock.Advance(TimeSpan.FromDays(10));
            var (status, body) = await _host.RefreshAsync(token);
            Assert.True(status == HttpStatusCode.OK, body.ToString());
            token = body.GetProperty("refresh_token").GetString()!;
        }

        _host.Clock.Advance(TimeSpan.FromDays(10));
        OAuthFlow.AssertError(await _host.RefreshAsync(token), "invalid_grant", "CAT700084");
    }

    [Fact]
    public async Task Refresh_ForADisabledUser_IsRejected()
    {
        var token = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        Assert.Equal(1, await _host.Services.GetRequiredService<ITokenServiceUserStore>().SetEnabledAsync("alice@contoso.com", null, false));
        OAuthFlow.AssertError(await _host.RefreshAsync(token), "invalid_grant", "CAT50057");
    }

    [Fact]
    public async Task Refresh_ByAnotherClient_IsRejected()
    {
        var token = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        var result = await _host.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
            ["refresh_token"] = token,
        });
        OAuthFlow.AssertError(result, "invalid_grant", "CAT70001");
    }

    [Fact]
    public async Task Refresh_WithUnknownToken_IsRejected()
    {
        OAuthFlow.AssertError(await _host.RefreshAsync(OAuth.OpaqueTokens.New()), "invalid_grant", "CAT70000");
        OAuthFlow.AssertError(await _host.RefreshAsync("not-a-token"), "invalid_grant", "CAT70000");
    }

    [Fact]
    public async Task Refresh_WithWiderScope_IsRejected_NarrowerScopeIsGranted()
    {
        var token = (await _host.SignInAndRedeemAsync(null)).GetProperty("refresh_token").GetString()!;
        var wider = await _host.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenServiceHost.PublicClientId, ["refresh_token"] = token, ["scope"] = "openid email" });
        OAuthFlow.AssertError(wider, "invalid_scope", "CAT70011");

        var narrower = await _host.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = TokenServiceHost.PublicClientId, ["refresh_token"] = token, ["scope"] = "openid" });
        Assert.Equal(HttpStatusCode.OK, narrower.Status);
        Assert.Equal("openid", narrower.Body.GetProperty("scope").GetString());
    }

    private Task TrustWithoutCrlAsync() => _host.TrustIssuingCaAsync(crl: null);
}
