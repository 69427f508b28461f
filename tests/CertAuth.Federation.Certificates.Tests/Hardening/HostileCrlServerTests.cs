using System.Net;
using System.Net.Sockets;
using System.Text;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Testing;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Validation;

namespace CertAuth.Federation.Certificates.Tests.Hardening;

/// <summary>
/// CRL distribution points that misbehave, over real HTTP on loopback: a body that never ends (a byte at a time, each in
/// time, no Content-Length), garbage with a 200, an HTML error page. Each is a typed CRL error within the download
/// timeout, and sign-in fails closed (revocation unknown). Oversize, slow and wrong-CA CRLs are in <c>CrlCacheTests</c>.
/// </summary>
public sealed class HostileCrlServerTests : IAsyncLifetime
{
    private LoopbackCrlServer _server = null!;
    private TestPki _pki = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackCrlServer.StartAsync();
        _pki = TestPki.Create(TimeProvider.System);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Download_ThatNeverEnds_TimesOut_WithinTheTimeout_EvenUnderTheSizeLimit()
    {
        using var services = new CertificateServices(TimeProvider.System, b => b.ConfigureCrl(o =>
        {
            o.DownloadTimeout = TimeSpan.FromMilliseconds(800);
            o.MaxCrlSizeBytes = 10 * 1024 * 1024;
        }));
        await using var trickle = TrickleServer.Start();

        // The Timeout code says the 800 ms download timeout ended it (not the size limit, not the end of the body); the
        // outer bound only keeps a broken timeout from stalling the run.
        var result = await services.Downloader.DownloadAsync(_pki.IssuingAuthority(trickle.Url), false, default).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(CrlErrorCode.Timeout, result.Error?.Code);
        Assert.True(trickle.BytesSent > 0, "The server did send a body, slowly.");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("html")]
    [InlineData("truncated")]
    public async Task Download_OfGarbage_IsUnparsable_AndSignInFailsClosed(string kind)
    {
        using var services = new CertificateServices(TimeProvider.System);
        var body = kind switch
        {
            "garbage" => Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray(),
            "html" => Encoding.UTF8.GetBytes("<html><body>Service unavailable</body></html>"),
            _ => _pki.BuildCrl()[..200],
        };
        _server.Serve("/bad.crl", body);
        var authority = _pki.IssuingAuthority(_server.Url("/bad.crl"));

        var result = await services.Downloader.DownloadAsync(authority, false, default);
        services.Authorities.Set([_pki.RootAuthority(), authority]);
        var signIn = await services.Validator.ValidateAsync(_pki.IssueUser("alice", upn: "alice@contoso.com"), null, default);

        Assert.Equal(CrlErrorCode.Unparsable, result.Error?.Code);
        Assert.Equal(CertificateFailureReason.RevocationUnknown, signIn.Failure?.Reason);
    }

    /// <summary>Answers every request with a 200, no Content-Length, then one byte every 50 ms until the client leaves.</summary>
    private sealed class TrickleServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;
        private long _bytesSent;

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/endless.crl");

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        public static TrickleServer Start()
        {
            var server = new TrickleServer();
            server._listener.Start();
            server._loop = server.AcceptAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[8192], _stop.Token); // the request line and headers; their content does not matter
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nConnection: close\r\n\r\n0"), _stop.Token);
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(50, _stop.Token);
                    await stream.WriteAsync(new byte[] { 0x30 }, _stop.Token);
                    Interlocked.Increment(ref _bytesSent);
                }
            }
            catch (IOException)
            {
                // The client gave up: what the test expects.
            }
        }
    }
}
