using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Testing;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;

namespace CertAuth.Federation.Certificates.Tests.Revocation;

public sealed class RevocationCheckerTests : IAsyncLifetime
{
    private LoopbackCrlServer _server = null!;
    private readonly CertificateServices _services = new();
    private TestPki _pki = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackCrlServer.StartAsync();
        _pki = TestPki.Create(_services.Clock);
    }

    public async Task DisposeAsync()
    {
        _services.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Check_RevokedOnBase_IsRevokedWithEffectiveDateOfCrl()
    {
        var carol = _pki.IssueUser("carol", upn: "carol@contoso.com");
        _pki.Revoke(carol, revocationDate: _services.Clock.GetUtcNow().AddHours(-2));
        _services.FakeClock.Advance(TimeSpan.FromMinutes(30));
        var crlDate = _services.Clock.GetUtcNow();
        _server.Serve("/i.crl", _pki.BuildCrl());

        var result = await _services.Checker.CheckAsync(_pki.IssuingAuthority(_server.Url("/i.crl")), carol.SerialNumber, default);

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Equal(crlDate, result.EffectiveDate);
        Assert.Equal(crlDate.AddMinutes(-30).AddHours(-2), result.RevocationDate);
    }

    [Fact]
    public async Task Check_RevokedOnDeltaOnly_IsRevokedWithDeltaThisUpdate()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        var bob = _pki.IssueUser("bob", email: "bob@contoso.com");
        _server.Serve("/i.crl", _pki.BuildCrl());
        _services.FakeClock.Advance(TimeSpan.FromHours(1));
        _pki.Revoke(alice);
        var deltaDate = _services.Clock.GetUtcNow();
        _server.Serve("/i-delta.crl", _pki.BuildDeltaCrl());
        var ca = _pki.IssuingAuthority(_server.Url("/i.crl"), _server.Url("/i-delta.crl"));

        var revoked = await _services.Checker.CheckAsync(ca, alice.SerialNumber, default);
        var good = await _services.Checker.CheckAsync(ca, bob.SerialNumber, default);

        Assert.Equal(RevocationStatus.Revoked, revoked.Status);
        Assert.Equal(deltaDate, revoked.EffectiveDate);
        Assert.Equal(RevocationStatus.Good, good.Status);
    }

    [Fact]
    public async Task Check_DeltaRemoveFromCrl_UnrevokesHeldCertificate()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        _pki.Revoke(alice, X509RevocationReason.CertificateHold);
        _server.Serve("/i.crl", _pki.BuildCrl());
        _server.Serve("/i-delta.crl", _pki.BuildDeltaCrl(extraEntries: [CrlEntry.For(alice, _services.Clock.GetUtcNow(), X509RevocationReason.RemoveFromCrl)]));
        var withDelta = _pki.IssuingAuthority(_server.Url("/i.crl"), _server.Url("/i-delta.crl"));

        Assert.Equal(RevocationStatus.Good, (await _services.Checker.CheckAsync(withDelta, alice.SerialNumber, default)).Status);
    }

    [Fact]
    public async Task Check_WhenUnreachable_IsUnknown()
    {
        var result = await _services.Checker.CheckAsync(_pki.IssuingAuthority(_server.Url("/missing.crl")), "0A", default);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Equal(CrlErrorCode.DownloadFailed, result.Failure?.Code);
    }

    [Fact]
    public async Task Check_WithoutCrlUrl_IsNotChecked()
    {
        var result = await _services.Checker.CheckAsync(_pki.IssuingAuthority(), "0A", default);

        Assert.Equal(RevocationStatus.NotChecked, result.Status);
    }

    [Fact]
    public async Task Check_AfterNextUpdateAndServerDown_FailsClosedUnlessWithinGrace()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(4)));
        var strict = _pki.IssuingAuthority(_server.Url("/i.crl"));
        var lenient = _pki.IssuingAuthority(_server.Url("/i.crl"), crlGracePeriod: TimeSpan.FromHours(2));
        Assert.Equal(RevocationStatus.Good, (await _services.Checker.CheckAsync(strict, alice.SerialNumber, default)).Status);

        _server.Serve("/i.crl", () => new LoopbackResponse(503, []));
        _services.FakeClock.Advance(TimeSpan.FromHours(5));

        var failClosed = await _services.Checker.CheckAsync(strict, alice.SerialNumber, default);
        using var graceServices = new CertificateServices(_services.Clock);
        await graceServices.Cache.GetAsync(lenient, default); // cold cache cannot use grace: nothing good was ever seen
        Assert.Equal(RevocationStatus.Unknown, failClosed.Status);

        var within = await _services.Checker.CheckAsync(lenient, alice.SerialNumber, default);
        Assert.Equal(RevocationStatus.Good, within.Status);
        Assert.True(within.UsedGracePeriod);

        _services.FakeClock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(RevocationStatus.Unknown, (await _services.Checker.CheckAsync(lenient, alice.SerialNumber, default)).Status);
    }

    [Fact]
    public async Task Validate_RevokedLeaf_IsRevoked_AndUnreachableCrl_IsRevocationUnknown()
    {
        var carol = _pki.IssueUser("carol", upn: "carol@contoso.com");
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        _pki.Revoke(carol);
        _server.Serve("/i.crl", _pki.BuildCrl());
        _server.Serve("/r.crl", _pki.BuildCrl(_pki.RootCa));
        _services.Authorities.Set([_pki.RootAuthority(_server.Url("/r.crl")), _pki.IssuingAuthority(_server.Url("/i.crl"))]);

        var revoked = await _services.Validator.ValidateAsync(carol, null, default);
        var good = await _services.Validator.ValidateAsync(alice, null, default);
        Assert.Equal(CertificateFailureReason.Revoked, revoked.Failure?.Reason);
        Assert.True(good.Succeeded, good.Failure?.ToString());
        Assert.Equal(1, _server.RequestsTo("/r.crl"));

        _services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority(_server.Url("/unreachable.crl"))]);
        var unknown = await _services.Validator.ValidateAsync(alice, null, default);
        Assert.Equal(CertificateFailureReason.RevocationUnknown, unknown.Failure?.Reason);
    }

    [Fact]
    public async Task Validate_RevokedIntermediateOnRootCrl_IsRevoked()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        _pki.Revoke(_pki.IssuingCa);
        _server.Serve("/r.crl", _pki.BuildCrl(_pki.RootCa));
        _services.Authorities.Set([_pki.RootAuthority(_server.Url("/r.crl")), _pki.IssuingAuthority()]);

        var result = await _services.Validator.ValidateAsync(alice, null, default);

        Assert.Equal(CertificateFailureReason.Revoked, result.Failure?.Reason);
    }
}
