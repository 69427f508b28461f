using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>
/// A real HTTP CRL distribution point on loopback; tests swap the CRLs it serves, count downloads, and can hold every
/// download until they release it (<see cref="Hold"/>).
/// </summary>
public sealed class CrlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _crls = new(StringComparer.Ordinal);
    private int _requests;
    private volatile TaskCompletionSource? _gate;

    private CrlServer(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<CrlServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new CrlServer(app, port);
        app.MapGet("/crl/{name}", async (string name, CancellationToken aborted) =>
        {
            Interlocked.Increment(ref server._requests);
            if (server._gate is { } gate)
            {
                await gate.Task.WaitAsync(aborted);
            }

            return server._crls.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/pkix-crl") : Results.NotFound();
        });
        await app.StartAsync();
        return server;
    }

    public Uri Publish(string name, byte[] crl)
    {
        _crls[name] = crl;
        return new Uri(BaseUrl, "crl/" + name);
    }

    /// <summary>Stops serving <paramref name="name"/>: its downloads get 404.</summary>
    public void Remove(string name) => _crls.TryRemove(name, out _);

    /// <summary>From now on, downloads wait (connection open) until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every held and later download through.</summary>
    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
