using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Testing;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Revocation;

namespace CertAuth.Federation.Certificates.Tests.Revocation;

public sealed class CrlCacheTests : IAsyncLifetime
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
    public async Task Get_ServesCachedUntilNextUpdate_ThenDownloadsAgain()
    {
        _server.Serve("/issuing.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        var ca = _pki.IssuingAuthority(_server.Url("/issuing.crl"));

        var first = await _services.Cache.GetAsync(ca, default);
        _services.FakeClock.Advance(TimeSpan.FromHours(7));
        var second = await _services.Cache.GetAsync(ca, default);

        Assert.Same(first.Base, second.Base);
        Assert.Equal(1, _server.RequestsTo("/issuing.crl"));

        _server.Serve("/issuing.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        _services.FakeClock.Advance(TimeSpan.FromHours(3));
        var third = await _services.Cache.GetAsync(ca, default);

        Assert.Equal(2, _server.RequestsTo("/issuing.crl"));
        Assert.Equal(2, (int)third.Base!.CrlNumber!.Value);
    }

    [Fact]
    public async Task Get_AfterRefreshAheadFraction_RefreshesInBackgroundWhileServingCached()
    {
        _server.Serve("/issuing.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));
        var ca = _pki.IssuingAuthority(_server.Url("/issuing.crl"));
        await _services.Cache.GetAsync(ca, default);
        _server.Serve("/issuing.crl", _pki.BuildCrl(validity: TimeSpan.FromHours(10)));

        _services.FakeClock.Advance(TimeSpan.FromHours(8.5));
        var served = await _services.Cache.GetAsync(ca, default);
        Assert.Equal(1, (int)served.Base!.CrlNumber!.Value);

        var refreshed = await WaitForAsync(() => _services.Cache.GetStatus(ca.Id)?.CrlNumber == 2);
        Assert.True(refreshed);
        Assert.Equal(2, _server.RequestsTo("/issuing.crl"));
    }

    [Fact]
    public async Task Get_ConcurrentCallers_ShareOneDownload()
    {
        var crl = _pki.BuildCrl();
        _server.Serve("/slow.crl", () => new LoopbackResponse(200, crl, TimeSpan.FromMilliseconds(300)));
        var ca = _pki.IssuingAuthority(_server.Url("/slow.crl"));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _services.Cache.GetAsync(ca, default).AsTask()));

        Assert.All(results, r => Assert.NotNull(r.Base));
        Assert.Equal(1, _server.RequestsTo("/slow.crl"));
    }

    [Fact]
    public async Task Refresh_OlderCrlNumber_IsIgnoredAndReported()
    {
        var old = _pki.BuildCrl();
        var current = _pki.BuildCrl();
        _server.Serve("/issuing.crl", current);
        var ca = _pki.IssuingAuthority(_server.Url("/issuing.crl"));
        await _services.Cache.GetAsync(ca, default);

        _server.Serve("/issuing.crl", old);
        var after = await _services.Cache.ForceRefreshAsync(ca, default);

        Assert.Equal(2, (int)after.Base!.CrlNumber!.Value);
        Assert.Equal(CrlErrorCode.CrlNumberWentBackwards, after.LastError?.Code);
        Assert.Equal(CrlErrorCode.CrlNumberWentBackwards, _services.Cache.GetStatus(ca.Id)?.LastError?.Code);
        Assert.Equal(2, (int)(await _services.StateStore.GetAsync(ca.Id, default))!.LastCrlNumber!.Value);
    }

    [Fact]
    public async Task Refresh_LastSeenNumberFromStateStore_RejectsReplayAfterRestart()
    {
        await _services.StateStore.SetAsync("issuing-ca", new CrlState { LastCrlNumber = 5 }, default);
        _server.Serve("/issuing.crl", _pki.BuildCrl());
        var ca = _pki.IssuingAuthority(_server.Url("/issuing.crl"));

        var cached = await _services.Cache.GetAsync(ca, default);

        Assert.Null(cached.Base);
        Assert.Equal(CrlErrorCode.CrlNumberWentBackwards, cached.LastError?.Code);
    }

    [Fact]
    public async Task Refresh_CrlSignedByAnotherCa_IsIgnoredAndReported()
    {
        _server.Serve("/issuing.crl", _pki.BuildCrl());
        var ca = _pki.IssuingAuthority(_server.Url("/issuing.crl"));
        await _services.Cache.GetAsync(ca, default);

        var other = TestPki.Create(_services.Clock);
        _server.Serve("/issuing.crl", other.BuildCrl());
        var after = await _services.Cache.ForceRefreshAsync(ca, default);

        Assert.Equal(CrlErrorCode.WrongIssuer, after.LastError?.Code);
        Assert.Equal(1, (int)after.Base!.CrlNumber!.Value);
    }

    [Fact]
    public async Task Refresh_ForgedCrl_IsIgnoredAndReported()
    {
        var bytes = _pki.BuildCrl();
        bytes[^3] ^= 0x55;
        _server.Serve("/issuing.crl", bytes);
        var ca = _pki.IssuingAuthority(_server.Url("/issuing.crl"));

        var cached = await _services.Cache.GetAsync(ca, default);

        Assert.Null(cached.Base);
        Assert.Equal(CrlErrorCode.SignatureInvalid, cached.LastError?.Code);
    }

    [Fact]
    public async Task Download_NotYetValidAndStaleCrls_AreTyped()
    {
        var now = _services.Clock.GetUtcNow();
        _server.Serve("/future.crl", _pki.BuildCrl(thisUpdate: now.AddHours(2)));
        _server.Serve("/stale.crl", _pki.BuildCrl(thisUpdate: now.AddDays(-8), validity: TimeSpan.FromDays(7)));
        _server.Serve("/garbage.crl", [1, 2, 3]);

        var future = await _services.Downloader.DownloadAsync(_pki.IssuingAuthority(_server.Url("/future.crl")), false, default);
        var stale = await _services.Downloader.DownloadAsync(_pki.IssuingAuthority(_server.Url("/stale.crl")), false, default);
        var garbage = await _services.Downloader.DownloadAsync(_pki.IssuingAuthority(_server.Url("/garbage.crl")), false, default);
        var missing = await _services.Downloader.DownloadAsync(_pki.IssuingAuthority(_server.Url("/missing.crl")), false, default);

        Assert.Equal(CrlErrorCode.NotYetValid, future.Error?.Code);
        Assert.Equal(CrlErrorCode.Stale, stale.Error?.Code);
        Assert.Equal(CrlErrorCode.Unparsable, garbage.Error?.Code);
        Assert.Equal(CrlErrorCode.DownloadFailed, missing.Error?.Code);
    }

    [Fact]
    public async Task Download_OversizeBody_IsTooLarge()
    {
        using var services = new CertificateServices(configure: b => b.ConfigureCrl(o => o.MaxCrlSizeBytes = 1024));
        var big = new byte[64 * 1024];
        _server.Serve("/big.crl", big);
        _server.Serve("/big-chunked.crl", () => new LoopbackResponse(200, big, OmitContentLength: true));

        var declared = await services.Downloader.DownloadAsync(_pki.IssuingAuthority(_server.Url("/big.crl")), false, default);
        var streamed = await services.Downloader.DownloadAsync(_pki.IssuingAuthority(_server.Url("/big-chunked.crl")), false, default);

        Assert.Equal(CrlErrorCode.TooLarge, declared.Error?.Code);
        Assert.Equal(CrlErrorCode.TooLarge, streamed.Error?.Code);
    }

    [Fact]
    public async Task Download_SlowServer_TimesOut()
    {
        using var services = new CertificateServices(TimeProvider.System, b => b.ConfigureCrl(o => o.DownloadTimeout = TimeSpan.FromMilliseconds(300)));
        var pki = TestPki.Create();
        var crl = pki.BuildCrl();
        _server.Serve("/slow.crl", () => new LoopbackResponse(200, crl, TimeSpan.FromSeconds(5)));

        var started = DateTime.UtcNow;
        var result = await services.Downloader.DownloadAsync(pki.IssuingAuthority(_server.Url("/slow.crl")), false, default);

        Assert.Equal(CrlErrorCode.Timeout, result.Error?.Code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Download_DeltaUrlServingBaseCrl_IsWrongKind()
    {
        _server.Serve("/base.crl", _pki.BuildCrl());
        var ca = _pki.IssuingAuthority(_server.Url("/x.crl"), deltaCrl: _server.Url("/base.crl"));

        var result = await _services.Downloader.DownloadAsync(ca, delta: true, default);

        Assert.Equal(CrlErrorCode.WrongCrlKind, result.Error?.Code);
    }

    [Fact]
    public async Task Get_WhenUnreachable_RetriesOnlyAfterRetryInterval()
    {
        var ca = _pki.IssuingAuthority(new Uri("http://127.0.0.1:1/nothing.crl"));

        var first = await _services.Cache.GetAsync(ca, default);
        var status = _services.Cache.GetStatus(ca.Id);

        Assert.Null(first.Base);
        Assert.Equal(CrlErrorCode.DownloadFailed, first.LastError?.Code);
        Assert.NotNull(status?.LastFetch);
        Assert.Equal(CrlErrorCode.DownloadFailed, status!.LastError?.Code);
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
