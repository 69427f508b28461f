using System.Net.Http.Headers;
using System.Text;

namespace CertAuth.Federation.Cli.Metadata;

/// <summary>
/// Fetches a SAML metadata document from a file or an https URL, bounded: https only, 10 s timeout, 1 MiB.
/// </summary>
internal sealed class MetadataDocumentLoader(HttpMessageHandler? handler)
{
    public const int MaxBytes = 1024 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<string> LoadAsync(string source, string currentDirectory, CancellationToken cancellationToken)
    {
        if (source.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new CliRefusedException($"--metadata '{source}' must be a file or an https URL.", Administration.AdminCodes.Metadata);
            }

            return await DownloadAsync(uri, cancellationToken);
        }

        var path = Path.GetFullPath(Path.Combine(currentDirectory, source));
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliRefusedException($"--metadata: file '{path}' not found.", Administration.AdminCodes.Metadata);
            }

            if (info.Length > MaxBytes)
            {
                throw new CliRefusedException($"--metadata: file '{path}' is larger than {MaxBytes} bytes.", Administration.AdminCodes.Metadata);
            }

            await using var stream = File.OpenRead(path);
            return await ReadBoundedAsync(stream, $"--metadata: file '{path}'", cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliRefusedException($"--metadata: cannot read '{path}': {ex.Message}", Administration.AdminCodes.Metadata);
        }
    }

    private async Task<string> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var client = handler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5 })
            : new HttpClient(handler, disposeHandler: false);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/samlmetadata+xml"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml", 0.9));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliRefusedException($"--metadata: {uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", Administration.AdminCodes.Metadata);
            }

            if (response.RequestMessage?.RequestUri is { } final && final.Scheme != Uri.UriSchemeHttps)
            {
                throw new CliRefusedException($"--metadata: {uri} redirected to a non-https address.", Administration.AdminCodes.Metadata);
            }

            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw new CliRefusedException($"--metadata: {uri} is larger than {MaxBytes} bytes.", Administration.AdminCodes.Metadata);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await ReadBoundedAsync(stream, $"--metadata: {uri}", timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliRefusedException($"--metadata: {uri} did not answer within {Timeout.TotalSeconds} seconds.", Administration.AdminCodes.Metadata);
        }
        catch (HttpRequestException ex)
        {
            throw new CliRefusedException($"--metadata: cannot fetch {uri}: {ex.Message}", Administration.AdminCodes.Metadata);
        }
    }

    private static async Task<string> ReadBoundedAsync(Stream stream, string what, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new CliRefusedException($"{what} is larger than {MaxBytes} bytes.", Administration.AdminCodes.Metadata);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
