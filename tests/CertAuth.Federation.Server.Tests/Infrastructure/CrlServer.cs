using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Server.Tests.Infrastructure;

/// <summary>A real HTTP CRL distribution point on loopback; tests swap the CRLs it serves and count downloads.</summary>
public sealed class CrlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _crls = new(StringComparer.Ordinal);
    private int _requests;

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
        app.MapGet("/crl/{name}", (string name) =>
        {
            Interlocked.Increment(ref server._requests);
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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
