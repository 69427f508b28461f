namespace CertAuth.Federation.Cli.Tests.Infrastructure;

/// <summary>Answers HTTP requests in-process so metadata download limits can be tested without a network.</summary>
public sealed class StubHttpHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        var response = respond(request);
        response.RequestMessage ??= request;
        return Task.FromResult(response);
    }
}
