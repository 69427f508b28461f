using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.Testing;

/// <summary>
/// A plain-HTTP server on 127.0.0.1 (a free port) for CRL distribution points and any other bytes a test serves: the
/// kit's and the product tests' one loopback HTTP server. It serves whatever was last published under
/// <c>/crl/{name}</c> (<see cref="Publish"/>) or at any path (<see cref="Serve(string, Func{LoopbackResponse})"/>),
/// counts requests per path, and fails (<see cref="FailWith"/>), delays (<see cref="Delay"/>,
/// <see cref="LoopbackResponse.Delay"/>) or holds every request (<see cref="HoldRequests"/>) on demand.
/// Everything else is 404.
/// </summary>
public class LoopbackCrlServer : IAsyncDisposable
{
    private const string CrlPrefix = "/crl/";
    private readonly ConcurrentDictionary<string, Func<LoopbackResponse>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requestsByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastRequest = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _requests;
    private volatile Task? _hold;
    private TaskCompletionSource? _release;

    /// <summary>A server that is not listening yet; derived servers call <see cref="ListenAsync"/>.</summary>
    protected LoopbackCrlServer()
    {
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How many requests arrived (any path, any answer).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>When set, every request is answered with this status code (and no body).</summary>
    public int? FailWith { get; set; }

    /// <summary>When positive, every request waits this long before it is answered (a slow distribution point).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<LoopbackCrlServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new LoopbackCrlServer();
        await server.ListenAsync(cancellationToken);
        return server;
    }

    /// <summary>Serves <paramref name="crl"/> at <c>/crl/{name}</c> from now on and returns its URL.</summary>
    public Uri Publish(string name, byte[] crl)
    {
        Serve(CrlPrefix + name, crl);
        return UrlOf(name);
    }

    /// <summary>The URL of the CRL published (or to be published) as <paramref name="name"/>.</summary>
    public Uri UrlOf(string name) => Url(CrlPrefix + name);

    /// <summary>Stops serving the CRL <paramref name="name"/>: its downloads get 404.</summary>
    public void Remove(string name) => _routes.TryRemove(CrlPrefix + name, out _);

    /// <summary>The URL of <paramref name="path"/> (absolute, e.g. <c>/root.crl</c>) on this server.</summary>
    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Answers <paramref name="path"/> with 200 and <paramref name="body"/> from now on.</summary>
    public void Serve(string path, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Serve(path, () => new LoopbackResponse(200, body));
    }

    /// <summary>Answers <paramref name="path"/> with whatever <paramref name="respond"/> returns at each request.</summary>
    public void Serve(string path, Func<LoopbackResponse> respond)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(respond);
        _routes[path] = respond;
    }

    /// <summary>How many requests arrived for <paramref name="path"/> (e.g. <c>/crl/issuing.crl</c>).</summary>
    public int RequestsTo(string path) => _requestsByPath.TryGetValue(path, out var count) ? count : 0;

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the last request for <paramref name="path"/>, if any (for measurements, not for assertions).</summary>
    public long? LastRequestTimestamp(string path) => _lastRequest.TryGetValue(path, out var at) ? at : null;

    /// <summary>
    /// From now on, requests wait (connection open) until <paramref name="until"/> completes, or until
    /// <see cref="ReleaseRequests"/> when it is null.
    /// </summary>
    public void HoldRequests(Task? until = null)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _release, release)?.TrySetResult();
        _hold = until is null ? release.Task : Task.WhenAny(until, release.Task);
    }

    /// <summary>Lets every held and later request through.</summary>
    public void ReleaseRequests()
    {
        _hold = null;
        Interlocked.Exchange(ref _release, null)?.TrySetResult();
    }

    /// <summary>Stops the server (held requests are released first).</summary>
    public async ValueTask DisposeAsync()
    {
        ReleaseRequests();
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Called when a request for <paramref name="path"/> starts waiting for a hold to be released.</summary>
    protected virtual void OnRequestHeld(string path)
    {
    }

    /// <summary>Starts listening on a free loopback port (once).</summary>
    protected async Task ListenAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The server is already listening.");
        }

        var port = LoopbackPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(AnswerAsync);
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        await app.StartAsync(cancellationToken);
        _app = app;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var aborted = context.RequestAborted;
        Interlocked.Increment(ref _requests);
        _requestsByPath.AddOrUpdate(path, 1, (_, count) => count + 1);
        _lastRequest[path] = TimeProvider.System.GetTimestamp();
        try
        {
            if (_hold is { } hold)
            {
                OnRequestHeld(path);
                await hold.WaitAsync(aborted);
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, aborted);
            }

            if (FailWith is { } status)
            {
                context.Response.StatusCode = status;
                return;
            }

            var response = _routes.TryGetValue(path, out var respond) ? respond() : new LoopbackResponse(404, []);
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, aborted);
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            if (!response.OmitContentLength)
            {
                context.Response.ContentLength = response.Body.Length;
            }

            await context.Response.Body.WriteAsync(response.Body, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up (its timeout or size limit) or the server is stopping.
        }
    }
}

/// <summary>
/// One answer of <see cref="LoopbackCrlServer"/>: <paramref name="Status"/> and <paramref name="Body"/>, after
/// <paramref name="Delay"/>; with <paramref name="OmitContentLength"/> the body goes out chunked (no Content-Length).
/// </summary>
public sealed record LoopbackResponse(int Status, byte[] Body, TimeSpan Delay = default, bool OmitContentLength = false)
{
    /// <summary>The Content-Type header (a CRL by default).</summary>
    public string ContentType { get; init; } = "application/pkix-crl";
}
