using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Testing;

/// <summary>The kit's CRL distribution point: plain HTTP on 127.0.0.1, serving whatever CRLs were last published.</summary>
internal sealed class LoopbackCrlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _crls = new(StringComparer.Ordinal);

    private LoopbackCrlServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<LoopbackCrlServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var port = LoopbackPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new LoopbackCrlServer(app, new Uri($"http://127.0.0.1:{port}/"));
        app.MapGet("/crl/{name}", (string name) =>
            server._crls.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/pkix-crl") : Results.NotFound());
        await app.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Serves <paramref name="crl"/> at <c>/crl/{name}</c> from now on and returns its URL.</summary>
    public Uri Publish(string name, byte[] crl)
    {
        _crls[name] = crl;
        return new Uri(BaseUrl, "crl/" + name);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
