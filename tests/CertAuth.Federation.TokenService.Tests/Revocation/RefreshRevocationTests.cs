using CertAuth.Federation.Storage.Revocation;
using System.Net;
using System.Numerics;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Revocation;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Revocation;

/// <summary>docs/reference-facts.md at refresh-token redemption, with CRLs served by a real HTTP listener on loopback.</summary>
public sealed class RefreshRevocationTests : IAsyncLifetime
{
    private const string Crl = "issuing-ca.crl";
    private const string DeltaCrl = "issuing-ca-delta.crl";
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
    public async Task Refresh_WhenCertificateRevokedAfterSignIn_IsRejectedAfterTheCrlRefresh()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var refresh = await RefreshOkAsync((await _host.SignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!);

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        _host.Pki.Revoke(alice);
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        await RequestCrlRefreshAsync();

        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT500171");
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3000 && e.Message.Contains("CAT500171", StringComparison.Ordinal));
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains(refresh, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_WhenCrlRefreshIsRequestedByAnotherProcess_BackgroundPollPicksItUp()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var refresh = await RefreshOkAsync((await _host.SignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!);

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        _host.Pki.Revoke(alice);
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var requests = _host.Services.GetRequiredService<ICrlRefreshRequestStore>();
        var before = _crls.RequestCount;
        await requests.RequestAsync(TokenServiceHost.IssuingCaId, "test");

        // The watcher polls every 2 s of (fake) time; advance until it has downloaded the new CRL.
        for (var i = 0; i < 100 && _crls.RequestCount == before; i++)
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(50);
        }

        Assert.True(_crls.RequestCount > before, "the background watcher did not refresh the CRL");
        await Task.Delay(200);
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT500171");
    }

    [Fact]
    public async Task Refresh_WhenCrlEffectiveDateIsBeforeTheSignIn_IsAccepted()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        _host.Pki.Revoke(alice, revocationDate: _host.Clock.GetUtcNow().AddMinutes(-10));
        _crls.Publish(Crl, _host.Pki.BuildCrl(thisUpdate: _host.Clock.GetUtcNow().AddMinutes(-5)));

        var body = await _host.SignInAndRedeemAsync(alice);
        await RefreshOkAsync(body.GetProperty("refresh_token").GetString()!);
    }

    [Fact]
    public async Task Refresh_WhenCrlIsUnreachable_FailsClosed()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        _crls.FailWith = 503;
        var body = await _host.SignInAndRedeemAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        OAuthFlow.AssertError(await _host.RefreshAsync(body.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT500173");
    }

    [Fact]
    public async Task Refresh_WhenCrlDownloadTimesOut_FailsClosedWithTheTimeoutCode()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var body = await _host.SignInAndRedeemAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        _crls.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pending = _host.RefreshAsync(body.GetProperty("refresh_token").GetString()!);
        await _crls.HeldRequestArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        _host.Clock.Advance(TimeSpan.FromSeconds(11));
        OAuthFlow.AssertError(await pending, "invalid_grant", "CAT500179");
        _crls.Hold.TrySetResult();
    }

    [Fact]
    public async Task Refresh_WhenOnlyCrlIsSignedByAnotherCa_FailsClosedWithTheSignatureCode()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        var impostor = TestPki.Create(_host.Clock);
        _crls.Publish(Crl, impostor.BuildCrl());
        var body = await _host.SignInAndRedeemAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        OAuthFlow.AssertError(await _host.RefreshAsync(body.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT2205015");
    }

    [Fact]
    public async Task ForgedCrl_IsIgnoredAndReported_TheLastGoodCrlStays()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var refresh = await RefreshOkAsync((await _host.SignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!);

        // Same issuer name, other key: a forged CRL that would revoke alice.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var impostor = TestPki.Create(_host.Clock);
        impostor.Revoke(alice);
        _crls.Publish(Crl, impostor.BuildCrl(impostor.IssuingCa));
        await RequestCrlRefreshAsync();

        await RefreshOkAsync(refresh);
        var state = await _host.Services.GetRequiredService<ICrlStateRepository>().GetAsync(TokenServiceHost.IssuingCaId);
        Assert.NotNull(state?.LastError);
    }

    [Fact]
    public async Task OlderCrlNumber_IsIgnored()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl));
        var empty = _host.Pki.BuildCrl();
        _crls.Publish(Crl, empty);
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var refresh = await RefreshOkAsync((await _host.SignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!);

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        _host.Pki.Revoke(alice);
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        await RequestCrlRefreshAsync();
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT500171");

        // Replaying the older CRL (lower number, alice not on it) must not bring the token back.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        _crls.Publish(Crl, empty);
        await RequestCrlRefreshAsync();
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT500171");
        var state = await _host.Services.GetRequiredService<ICrlStateRepository>().GetAsync(TokenServiceHost.IssuingCaId);
        Assert.Contains("CrlNumberWentBackwards", state?.LastError, StringComparison.Ordinal);
        Assert.Equal("2", state?.LastCrlNumber);
    }

    [Fact]
    public async Task Refresh_WhenRevokedOnlyInTheDeltaCrl_IsRejected()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl), _crls.UrlOf(DeltaCrl));
        _crls.Publish(Crl, _host.Pki.BuildCrl());
        _crls.Publish(DeltaCrl, _host.Pki.BuildDeltaCrl());
        var alice = _host.Pki.IssueUser("alice", upn: "alice@contoso.com");
        var refresh = await RefreshOkAsync((await _host.SignInAndRedeemAsync(alice)).GetProperty("refresh_token").GetString()!);

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        _host.Pki.Revoke(alice);
        _crls.Publish(DeltaCrl, _host.Pki.BuildDeltaCrl());
        await RequestCrlRefreshAsync();
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT500171");
    }

    [Fact]
    public async Task Refresh_WhenTheIssuingCaIsNotConfigured_IsRejected()
    {
        var body = await _host.SignInAndRedeemAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        OAuthFlow.AssertError(await _host.RefreshAsync(body.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT500176");
    }

    [Fact]
    public async Task Refresh_WhenCrlExpiredAndUnreachable_FailsClosedUnlessTheCaHasAGracePeriod()
    {
        await _host.TrustIssuingCaAsync(_crls.UrlOf(Crl), gracePeriod: TimeSpan.FromDays(1));
        _crls.Publish(Crl, _host.Pki.BuildCrl(validity: TimeSpan.FromHours(1)));
        var body = await _host.SignInAndRedeemAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        var refresh = await RefreshOkAsync(body.GetProperty("refresh_token").GetString()!);

        _crls.FailWith = 503;
        _host.Clock.Advance(TimeSpan.FromHours(2));
        refresh = await RefreshOkAsync(refresh);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        OAuthFlow.AssertError(await _host.RefreshAsync(refresh), "invalid_grant", "CAT500173");
    }

    [Fact]
    public async Task Refresh_AfterRevokeSessions_IsRejected()
    {
        var body = await _host.SignInAndRedeemAsync(null, upn: "bob@contoso.com");
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.Services.GetRequiredService<ITokenServiceUserStore>().RevokeSessionsAsync("bob@contoso.com", null, _host.Clock.GetUtcNow()));
        OAuthFlow.AssertError(await _host.RefreshAsync(body.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT50173");
    }

    [Fact]
    public async Task SignIn_AfterRevokeSessions_GetsWorkingTokensAgain()
    {
        await _host.TrustIssuingCaAsync(crl: null);
        await _host.SignInAndRedeemAsync(null, upn: "bob@contoso.com");
        await _host.Services.GetRequiredService<ITokenServiceUserStore>().RevokeSessionsAsync("bob@contoso.com", null, _host.Clock.GetUtcNow());
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var body = await _host.SignInAndRedeemAsync(null, upn: "bob@contoso.com");
        await RefreshOkAsync(body.GetProperty("refresh_token").GetString()!);
    }

    private async Task<string> RefreshOkAsync(string refreshToken)
    {
        var (status, body) = await _host.RefreshAsync(refreshToken);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("refresh_token").GetString()!;
    }

    private async Task RequestCrlRefreshAsync()
    {
        await _host.Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(TokenServiceHost.IssuingCaId, "test");
        var refreshed = await _host.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);
        Assert.Contains(TokenServiceHost.IssuingCaId, refreshed);
    }
}
