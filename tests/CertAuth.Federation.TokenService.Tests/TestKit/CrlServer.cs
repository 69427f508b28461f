using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Tests.TestKit;

/// <summary>A real HTTP listener on loopback serving CRLs by name; it can fail or hang on demand.</summary>
public sealed class CrlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    private CrlServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>When set, every request answers with this status code.</summary>
    public int? FailWith { get; set; }

    /// <summary>When set, requests wait for this task before answering (to provoke timeouts).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Signalled when a held request has arrived.</summary>
    public TaskCompletionSource HeldRequestArrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int RequestCount;

    public static async Task<CrlServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        CrlServer? server = null;
        app.MapGet("/crl/{name}", async (string name, HttpContext context) =>
        {
            Interlocked.Increment(ref server!.RequestCount);
            if (server.Hold is { } hold)
            {
                server.HeldRequestArrived.TrySetResult();
                await hold.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            if (server.FailWith is { } status)
            {
                return Results.StatusCode(status);
            }

            return server._files.TryGetValue(name, out var body) ? Results.Bytes(body, "application/pkix-crl") : Results.NotFound();
        });
        await app.StartAsync();
        var address = app.Urls.First();
        server = new CrlServer(app, new Uri(address));
        return server;
    }

    public Uri UrlOf(string name) => new(BaseUrl, "/crl/" + name);

    public void Publish(string name, byte[] crl) => _files[name] = crl;

    public void ResetHold()
    {
        Hold = null;
        HeldRequestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
