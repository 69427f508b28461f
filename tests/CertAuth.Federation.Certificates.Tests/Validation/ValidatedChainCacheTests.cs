using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Certificates.Validation;
using CertAuth.Federation.Testing;
using CertAuth.Federation.Testing.Pki;

namespace CertAuth.Federation.Certificates.Tests.Validation;

/// <summary>
/// The validated-chain cache (<see cref="ValidatedChainCache"/>): a repeat validation of the same certificate reuses the
/// chain, but a CRL loaded later, a trust-store edit, an options reload or the end of the chain's validity is seen on
/// the very next call (fake clock, real CRLs served over loopback HTTP).
/// </summary>
public sealed class ValidatedChainCacheTests : IAsyncLifetime
{
    private readonly CertificateServices _services = new();
    private LoopbackCrlServer _server = null!;
    private TestPki _pki = null!;

    private ClientCertificateValidator Validator => (ClientCertificateValidator)_services.Validator;

    public async Task InitializeAsync()
    {
        _server = await LoopbackCrlServer.StartAsync();
        _pki = TestPki.Create(_services.Clock);
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(8)));
        _services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority(_server.Url("/i.crl"))]);
    }

    public async Task DisposeAsync()
    {
        _services.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RepeatValidation_IsServedFromTheCache_WithTheCallersCertificateInstance()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        Assert.True((await Validator.ValidateAsync(alice, null, default)).Succeeded);
        Assert.Equal(1, Validator.CachedChainCount);

        using var again = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(alice.RawData);
        var second = await Validator.ValidateAsync(again, null, default);

        Assert.True(second.Succeeded, second.Failure?.ToString());
        Assert.Same(again, second.Chain[0]);
        Assert.Equal("issuing-ca", second.IssuingAuthority?.Id);
        Assert.Equal(3, second.Chain.Count);
        Assert.Equal(1, Validator.CachedChainCount);
    }

    [Fact]
    public async Task AHit_ReturnsTheConfiguredCasOwnInstances_AndDecodesNoCertificate()
    {
        // Decoding a certificate costs a public-key decoder look-up in OpenSSL 3 (a third of a kept-alive sign-in's
        // server CPU when every hit decoded the CAs again): a hit hands out the trust-store snapshot's own CA instances,
        // exactly what a fresh chain build returns, and only while that very snapshot is current.
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        var authorities = await _services.Authorities.GetAuthoritiesAsync(default);
        var built = await Validator.ValidateAsync(alice, null, default);
        Assert.True(built.Succeeded, built.Failure?.ToString());

        using var again = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(alice.RawData);
        var hit = await Validator.ValidateAsync(again, null, default);

        Assert.True(hit.Succeeded, hit.Failure?.ToString());
        Assert.Same(authorities.Single(a => a.Id == "issuing-ca").Certificate, hit.Chain[1]);
        Assert.Same(authorities.Single(a => a.Id == "root-ca").Certificate, hit.Chain[2]);
        Assert.Same(built.Chain[1], hit.Chain[1]);
        Assert.Same(built.Chain[2], hit.Chain[2]);

        // A new snapshot (the same CAs re-read: new instances) is a miss, never a hit with the old snapshot's instances.
        _services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority(_server.Url("/i.crl"))]);
        var fresh = await _services.Authorities.GetAuthoritiesAsync(default);
        using var third = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(alice.RawData);
        var rebuilt = await Validator.ValidateAsync(third, null, default);
        Assert.True(rebuilt.Succeeded, rebuilt.Failure?.ToString());
        Assert.Same(fresh.Single(a => a.Id == "issuing-ca").Certificate, rebuilt.Chain[1]);
        Assert.NotSame(hit.Chain[1], rebuilt.Chain[1]);
    }

    [Fact]
    public async Task AHitAfterTheFillingRequestsCertificatesWereDisposed_StillValidates()
    {
        // A certificate forwarded in Client-Cert lives only for its request: the farm node disposed the leaf of the
        // sign-in that filled the entry, and the next sign-in's hit threw (a 500) before the cache held bytes instead
        // of instances.
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        var first = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(alice.RawData);
        var filled = await Validator.ValidateAsync(first, null, default);
        Assert.True(filled.Succeeded, filled.Failure?.ToString());
        first.Dispose();

        var next = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(alice.RawData);
        var hit = await Validator.ValidateAsync(next, null, default);
        Assert.True(hit.Succeeded, hit.Failure?.ToString());
        Assert.Equal(1, Validator.CachedChainCount);
        Assert.Equal(3, hit.Chain.Count);
        Assert.All(hit.Chain, c => Assert.NotEmpty(c.RawData));
        next.Dispose();

        using var third = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(alice.RawData);
        Assert.True((await Validator.ValidateAsync(third, null, default)).Succeeded);
    }

    [Fact]
    public async Task RevokedAfterCaching_IsRefusedAsSoonAsTheNewCrlIsLoaded()
    {
        var bob = _pki.IssueUser("bob", upn: "bob@contoso.com");
        Assert.True((await Validator.ValidateAsync(bob, null, default)).Succeeded);
        Assert.True((await Validator.ValidateAsync(bob, null, default)).Succeeded);
        Assert.Equal(1, Validator.CachedChainCount);

        // The CA revokes bob and publishes a new CRL; the server loads it (as the refresh watcher does) an hour later.
        _services.FakeClock.Advance(TimeSpan.FromHours(1));
        _pki.Revoke(bob);
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(8)));
        await _services.Cache.ForceRefreshAsync(_pki.IssuingAuthority(_server.Url("/i.crl")), default);

        var refused = await Validator.ValidateAsync(bob, null, default);

        Assert.Equal(CertificateFailureReason.Revoked, refused.Failure?.Reason);
    }

    [Fact]
    public async Task CachedChain_PastTheCrlsNextUpdate_FailsClosedLikeAnUncachedOne()
    {
        var bob = _pki.IssueUser("bob", upn: "bob@contoso.com");
        Assert.True((await Validator.ValidateAsync(bob, null, default)).Succeeded);
        _server.Serve("/i.crl", () => new LoopbackResponse(503, []));

        _services.FakeClock.Advance(TimeSpan.FromHours(9));
        var result = await Validator.ValidateAsync(bob, null, default);

        Assert.Equal(CertificateFailureReason.RevocationUnknown, result.Failure?.Reason);
    }

    [Fact]
    public async Task TrustStoreEdit_IsSeenOnTheNextCall()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");
        Assert.True((await Validator.ValidateAsync(alice, null, default)).Succeeded);

        // The issuing CA is removed from the trust store: the cached chain belongs to the old snapshot.
        _services.Authorities.Set([_pki.RootAuthority()]);
        Assert.Equal(CertificateFailureReason.NotTrusted, (await Validator.ValidateAsync(alice, null, default)).Failure?.Reason);

        // Edited: the same CA with an issuer constraint the leaf does not meet.
        _services.Authorities.Set([_pki.RootAuthority(), new TrustedCertificateAuthority
        {
            Id = "issuing-ca",
            AuthorityType = CertificateAuthorityType.IntermediateAuthority,
            Certificate = _pki.IssuingCa,
            CrlDistributionPoint = _server.Url("/i.crl"),
            TrustedIssuer = "CN=Someone Else",
        }]);
        Assert.Equal(CertificateFailureReason.NotTrusted, (await Validator.ValidateAsync(alice, null, default)).Failure?.Reason);
        Assert.Equal(0, Validator.CachedChainCount);
    }

    [Fact]
    public async Task CachedChain_ExpiresWithTheLeaf()
    {
        var now = _services.Clock.GetUtcNow();
        var dave = _pki.IssueUser(_pki.UserOptions("dave", "dave@contoso.com") with { NotBefore = now.AddDays(-1), NotAfter = now.AddHours(2) });
        Assert.True((await Validator.ValidateAsync(dave, null, default)).Succeeded);
        Assert.Equal(1, Validator.CachedChainCount);
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(8)));

        _services.FakeClock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(CertificateFailureReason.Expired, (await Validator.ValidateAsync(dave, null, default)).Failure?.Reason);
        Assert.Equal(0, Validator.CachedChainCount);
    }

    [Fact]
    public async Task Refusals_AreNotCached_AndTheSizeIsBounded()
    {
        using var services = new CertificateServices(_services.Clock, b => b.ConfigureValidation(o => o.ChainCacheSize = 2));
        services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority()]);
        var validator = (ClientCertificateValidator)services.Validator;
        var other = TestPki.Create(_services.Clock);
        Assert.False((await validator.ValidateAsync(other.IssueUser("mallory", upn: "mallory@contoso.com"), null, default)).Succeeded);
        Assert.Equal(0, validator.CachedChainCount);

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await validator.ValidateAsync(_pki.IssueUser($"user{i}", upn: $"user{i}@contoso.com"), null, default)).Succeeded);
            Assert.InRange(validator.CachedChainCount, 1, 2);
        }
    }

    [Fact]
    public async Task SizeZero_TurnsTheCacheOff()
    {
        using var services = new CertificateServices(_services.Clock, b => b.ConfigureValidation(o => o.ChainCacheSize = 0));
        services.Authorities.Set([_pki.RootAuthority(), _pki.IssuingAuthority()]);
        var validator = (ClientCertificateValidator)services.Validator;
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");

        Assert.True((await validator.ValidateAsync(alice, null, default)).Succeeded);
        Assert.True((await validator.ValidateAsync(alice, null, default)).Succeeded);

        Assert.Equal(0, validator.CachedChainCount);
    }

    [Fact]
    public async Task DifferentPresentedPathHints_AreSeparateEntries()
    {
        var alice = _pki.IssueUser("alice", upn: "alice@contoso.com");

        Assert.True((await Validator.ValidateAsync(alice, null, default)).Succeeded);
        Assert.True((await Validator.ValidateAsync(alice, [_pki.IssuingCa], default)).Succeeded);

        Assert.Equal(2, Validator.CachedChainCount);
        Assert.NotEqual(ValidatedChainCache.KeyOf(alice, null), ValidatedChainCache.KeyOf(alice, [_pki.IssuingCa]));
    }
}
