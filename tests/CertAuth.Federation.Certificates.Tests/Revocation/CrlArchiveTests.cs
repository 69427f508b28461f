using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Testing;
using CertAuth.Federation.Testing.Pki;

namespace CertAuth.Federation.Certificates.Tests.Revocation;

/// <summary>
/// The on-disk archive of the last accepted CRLs (<see cref="CrlArchive"/>): a restarted node is ready from it without
/// waiting for the download, and nothing in it is trusted for being there — each test "restarts" with a second set of
/// services over the same folder and the persisted CRL state, and the CRL server answering 503 unless said otherwise.
/// </summary>
public sealed class CrlArchiveTests : IAsyncLifetime
{
    private LoopbackCrlServer _server = null!;
    private readonly string _archive = Path.Combine(Path.GetTempPath(), "certauth-crl-archive-" + Guid.NewGuid().ToString("N"));
    private readonly CertificateServices _first;
    private TestPki _pki = null!;

    public CrlArchiveTests()
    {
        _first = new CertificateServices(configure: UseArchive);
    }

    public async Task InitializeAsync()
    {
        _server = await LoopbackCrlServer.StartAsync();
        _pki = TestPki.Create(_first.Clock);
    }

    public async Task DisposeAsync()
    {
        _first.Dispose();
        await _server.DisposeAsync();
        if (Directory.Exists(_archive))
        {
            Directory.Delete(_archive, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_FreshArchivedCrl_ReadyWithoutDownload_RevokedStaysRevoked_ThenDownloadsBehind()
    {
        var carol = _pki.IssueUser("carol", upn: "carol@contoso.com");
        _pki.Revoke(carol);
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        var ca = _pki.IssuingAuthority(_server.Url("/i.crl"));
        await _first.Cache.GetAsync(ca, default);
        Assert.Single(Directory.GetFiles(_archive, "*.base.crl"));

        var gate = new TaskCompletionSource();
        _server.Serve("/i.crl", () => { gate.Task.Wait(TimeSpan.FromSeconds(20)); return new LoopbackResponse(503, []); });
        using var second = await RestartAsync(ca, advance: TimeSpan.FromHours(1));

        await second.Get<CrlPreloader>().PreloadAsync(default);

        // Ready while the download is still held: the archived CRL serves the check.
        Assert.Equal(1, (int)second.Cache.GetStatus(ca.Id)!.CrlNumber!.Value);
        var result = await second.Checker.CheckAsync(ca, carol.SerialNumber, default);
        Assert.Equal(RevocationStatus.Revoked, result.Status);
        gate.SetResult();
        Assert.True(await WaitForAsync(() => _server.RequestsTo("/i.crl") == 2), "the download after the archive load never ran");
    }

    [Fact]
    public async Task Restart_ArchivedCrlPastNextUpdate_IsNotUsed_PreloadDownloads()
    {
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(2)));
        var ca = _pki.IssuingAuthority(_server.Url("/i.crl"));
        await _first.Cache.GetAsync(ca, default);
        _server.Serve("/i.crl", () => new LoopbackResponse(503, []));

        using var second = await RestartAsync(ca, advance: TimeSpan.FromHours(3));
        await second.Get<CrlPreloader>().PreloadAsync(default);

        Assert.Null(second.Cache.GetStatus(ca.Id)!.CrlNumber);
        Assert.Equal(2, _server.RequestsTo("/i.crl"));
        var result = await second.Checker.CheckAsync(ca, _pki.IssueUser("dave").SerialNumber, default);
        Assert.NotEqual(RevocationStatus.Good, result.Status);
    }

    [Fact]
    public async Task Restart_ArchiveSwappedForAnOlderAuthenticCrl_IsRefusedByThePersistedNumberFloor()
    {
        var older = _pki.BuildCrl(validity: TimeSpan.FromHours(10));
        var carol = _pki.IssueUser("carol");
        _pki.Revoke(carol);
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        var ca = _pki.IssuingAuthority(_server.Url("/i.crl"));
        await _first.Cache.GetAsync(ca, default);

        // Someone with write access to the folder puts back CRL number 1, which does not list carol.
        File.WriteAllBytes(Directory.GetFiles(_archive, "*.base.crl").Single(), older);
        _server.Serve("/i.crl", () => new LoopbackResponse(503, []));
        using var second = await RestartAsync(ca, advance: TimeSpan.FromMinutes(10));
        await second.Get<CrlPreloader>().PreloadAsync(default);

        Assert.Null(second.Cache.GetStatus(ca.Id)!.CrlNumber);
        var result = await second.Checker.CheckAsync(ca, carol.SerialNumber, default);
        Assert.NotEqual(RevocationStatus.Good, result.Status);
    }

    [Theory]
    [InlineData("another CA")]
    [InlineData("garbage")]
    [InlineData("delta in the base's place")]
    [InlineData("one signature bit flipped")]
    public async Task Restart_ArchiveHoldsSomethingElse_IsNotUsed(string what)
    {
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        var ca = _pki.IssuingAuthority(_server.Url("/i.crl"));
        await _first.Cache.GetAsync(ca, default);
        var replacement = what switch
        {
            "another CA" => TestPki.Create(_first.Clock).BuildCrl(validity: TimeSpan.FromHours(10)),
            "garbage" => [0x30, 0x82, 0x01, 0x00, 0x01, 0x02],
            "one signature bit flipped" => Tampered(File.ReadAllBytes(Directory.GetFiles(_archive, "*.base.crl").Single())),
            _ => _pki.BuildDeltaCrl(validity: TimeSpan.FromHours(10)),
        };
        File.WriteAllBytes(Directory.GetFiles(_archive, "*.base.crl").Single(), replacement);
        _server.Serve("/i.crl", () => new LoopbackResponse(503, []));

        using var second = await RestartAsync(ca, advance: TimeSpan.FromMinutes(10));
        await second.Get<CrlPreloader>().PreloadAsync(default);

        Assert.Null(second.Cache.GetStatus(ca.Id)!.CrlNumber);
        Assert.Equal(2, _server.RequestsTo("/i.crl"));
    }

    [Fact]
    public async Task Restart_CaWithDelta_NeedsBothFresh_AndTheDeltaRevocationHolds()
    {
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        var erin = _pki.IssueUser("erin");
        _pki.Revoke(erin);
        _server.Serve("/d.crl", _pki.BuildDeltaCrl(validity: TimeSpan.FromHours(2)));
        var ca = _pki.IssuingAuthority(_server.Url("/i.crl"), _server.Url("/d.crl"));
        await _first.Cache.GetAsync(ca, default);
        Assert.Single(Directory.GetFiles(_archive, "*.delta.crl"));
        _server.Serve("/i.crl", () => new LoopbackResponse(503, []));
        _server.Serve("/d.crl", () => new LoopbackResponse(503, []));

        using (var second = await RestartAsync(ca, advance: TimeSpan.FromHours(1)))
        {
            Assert.True(await second.Cache.WarmFromArchiveAsync(ca, default));
            Assert.Equal(RevocationStatus.Revoked, (await second.Checker.CheckAsync(ca, erin.SerialNumber, default)).Status);
        }

        // Once the delta's nextUpdate has passed the pair is not fresh: the archive alone does not make the CA ready.
        using var third = await RestartAsync(ca, advance: TimeSpan.FromHours(3));
        Assert.False(await third.Cache.WarmFromArchiveAsync(ca, default));
    }

    [Fact]
    public async Task ChangedCrlUrl_DoesNotReadTheOldConfigurationsFile()
    {
        _server.Serve("/i.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        var ca = _pki.IssuingAuthority(_server.Url("/i.crl"));
        await _first.Cache.GetAsync(ca, default);

        var moved = _pki.IssuingAuthority(_server.Url("/moved.crl"));
        using var second = await RestartAsync(moved, advance: TimeSpan.FromMinutes(1));

        Assert.False(await second.Cache.WarmFromArchiveAsync(moved, default));
    }

    [Fact]
    public void RelativeArchiveDirectory_IsResolvedAgainstTheContentRoot_OrTurnedOffWithoutOne()
    {
        var options = new CrlOptions { ArchiveDirectory = "data/crl-archive/federation" };
        options.ResolveArchiveDirectory("/srv/certauth");
        Assert.Equal("/srv/certauth/data/crl-archive/federation", options.ArchiveDirectory);

        var tool = new CrlOptions { ArchiveDirectory = "data/crl-archive/federation" };
        tool.ResolveArchiveDirectory(null);
        Assert.Null(tool.ArchiveDirectory);
    }

    private static byte[] Tampered(byte[] crl)
    {
        crl[^1] ^= 0x01;
        return crl;
    }

    private void UseArchive(CertificateValidationBuilder builder) => builder.ConfigureCrl(o => o.ArchiveDirectory = _archive);

    // A new process: new cache and preloader over the same folder, with the CRL state the first one persisted (the
    // roles keep it in their database), its clock moved on.
    private async Task<CertificateServices> RestartAsync(TrustedCertificateAuthority ca, TimeSpan advance)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(_first.Clock.GetUtcNow() + advance);
        var next = new CertificateServices(clock, UseArchive);
        next.Authorities.AddOrReplace(ca);
        var original = _pki.IssuingAuthority(_server.Url("/i.crl"));
        if (await _first.StateStore.GetAsync(original.Id, default) is { } state)
        {
            await next.StateStore.SetAsync(original.Id, state, default);
        }

        return next;
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        return condition();
    }
}
