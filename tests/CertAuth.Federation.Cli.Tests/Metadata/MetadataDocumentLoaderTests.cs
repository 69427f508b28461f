using System.Net;
using CertAuth.Federation.Cli.Metadata;
using CertAuth.Federation.Cli.Tests.Infrastructure;

namespace CertAuth.Federation.Cli.Tests.Metadata;

public sealed class MetadataDocumentLoaderTests
{
    [Fact]
    public async Task Download_LargerThanLimit_IsRefused()
    {
        var handler = new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new MemoryStream(new byte[MetadataDocumentLoader.MaxBytes + 1])),
        });
        var loader = new MetadataDocumentLoader(handler);

        var ex = await Assert.ThrowsAsync<CliRefusedException>(() => loader.LoadAsync("https://sp.example/md", Path.GetTempPath(), CancellationToken.None));

        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ErrorStatus_IsRefused()
    {
        var loader = new MetadataDocumentLoader(new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));

        var ex = await Assert.ThrowsAsync<CliRefusedException>(() => loader.LoadAsync("https://sp.example/md", Path.GetTempPath(), CancellationToken.None));

        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://sp.example/md")]
    [InlineData("ftp://sp.example/md")]
    public async Task NonHttpsUrl_IsRefusedWithoutRequest(string url)
    {
        var handler = new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var loader = new MetadataDocumentLoader(handler);

        await Assert.ThrowsAsync<CliRefusedException>(() => loader.LoadAsync(url, Path.GetTempPath(), CancellationToken.None));

        Assert.Empty(handler.Requests);
    }
}
