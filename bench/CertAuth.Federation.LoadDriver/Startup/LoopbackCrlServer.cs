using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CertAuth.Federation.LoadDriver.Startup;

/// <summary>
/// The CRL distribution point for the start-up scenario: plain HTTP on 127.0.0.1 (HttpListener), serving whatever CRL
/// bytes were last published under <c>/crl/&lt;name&gt;</c>; everything else is 404.
/// </summary>
public sealed class LoopbackCrlServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _crls = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, long> _lastDownload = new(StringComparer.Ordinal);
    private int _downloads;

    public LoopbackCrlServer()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/crl/");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public int Downloads => Volatile.Read(ref _downloads);

    public Uri UrlOf(string name) => new(BaseUrl, name);

    public void Publish(string name, byte[] crl) => _crls[name] = crl;

    /// <summary>Stopwatch timestamp of the last request for <paramref name="name"/>, if any.</summary>
    public long? LastDownloadOf(string name) => _lastDownload.TryGetValue(name, out var at) ? at : null;

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var path = context.Request.Url?.AbsolutePath ?? "";
        var name = path.StartsWith("/crl/", StringComparison.Ordinal) ? path["/crl/".Length..] : "";
        if (!_crls.TryGetValue(name, out var body))
        {
            response.StatusCode = 404;
            return;
        }

        Interlocked.Increment(ref _downloads);
        _lastDownload[name] = System.Diagnostics.Stopwatch.GetTimestamp();
        response.ContentType = "application/pkix-crl";
        response.ContentLength64 = body.Length;
        try
        {
            await response.OutputStream.WriteAsync(body);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The product gave up (timeout, size limit) or is stopping.
        }
    }
}
