using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CertAuth.Federation.Certificates.Tests.Infrastructure;

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 (random port) for CRL download tests. One response per connection.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<LoopbackResponse>> _routes = new(StringComparer.Ordinal);
    private readonly Task _acceptLoop;

    public LoopbackHttpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseAddress { get; }

    public Uri Url(string path) => new(BaseAddress, path);

    public void Serve(string path, byte[] body) => _routes[path] = () => new LoopbackResponse(200, body);

    public void Serve(string path, Func<LoopbackResponse> respond) => _routes[path] = respond;

    public int RequestCount(string path) => _requests.TryGetValue(path, out var count) ? count : 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream);
                _requests.AddOrUpdate(path, 1, (_, count) => count + 1);
                var response = _routes.TryGetValue(path, out var respond) ? respond() : new LoopbackResponse(404, []);
                if (response.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(response.Delay, _stop.Token);
                }

                var header = $"HTTP/1.1 {response.Status} X\r\n"
                    + (response.OmitContentLength ? string.Empty : $"Content-Length: {response.Body.Length}\r\n")
                    + "Content-Type: application/pkix-crl\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stop.Token);
                await stream.WriteAsync(response.Body, _stop.Token);
            }
            catch (IOException)
            {
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total));
            if (read == 0)
            {
                break;
            }

            total += read;
            if (Encoding.ASCII.GetString(buffer, 0, total).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        var requestLine = Encoding.ASCII.GetString(buffer, 0, total).Split("\r\n")[0];
        var parts = requestLine.Split(' ');
        return parts.Length > 1 ? parts[1] : "/";
    }
}

internal sealed record LoopbackResponse(int Status, byte[] Body, TimeSpan Delay = default, bool OmitContentLength = false);
