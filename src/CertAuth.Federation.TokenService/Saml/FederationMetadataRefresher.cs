using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.TokenService.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Saml;

/// <summary>
/// Fetches the metadata of every enabled federation trust that has a metadata URL, every
/// <see cref="FederationMetadataRefreshOptions.RefreshInterval"/> (first at start-up), and hands it to
/// <see cref="FederationTrustMetadataManager"/>, which replaces the trust's signing certificates only from a document
/// signed by a certificate the trust already has. https only (plain http only to a loopback host in the Development
/// environment, for local farms and tests), the host's certificate chained to
/// <see cref="FederationMetadataRefreshOptions.TrustedTlsRootCertificates"/> (or the machine's store), no redirects,
/// bounded in time and size. A failed fetch or a refused document keeps the last good set (logged, event 3451/3452, and
/// counted in <c>certauth.tokenservice.federation_metadata_refreshes</c> by outcome).
/// </summary>
internal sealed class FederationMetadataRefresher : BackgroundService
{
    private readonly Domain.IFederationTrustRepository _trusts;
    private readonly FederationTrustMetadataManager _manager;
    private readonly FederationMetadataRefreshOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<FederationMetadataRefresher> _logger;
    private readonly HttpClient _http;
    private readonly X509Certificate2Collection _roots = [];
    private readonly System.Diagnostics.Metrics.Counter<long> _refreshes;
    private readonly bool _allowLoopbackHttp;

    public FederationMetadataRefresher(
        Domain.IFederationTrustRepository trusts,
        FederationTrustMetadataManager manager,
        IOptions<FederationMetadataRefreshOptions> options,
        TimeProvider clock,
        TokenServiceContentRoot contentRoot,
        System.Diagnostics.Metrics.IMeterFactory meters,
        IHostEnvironment environment,
        ILogger<FederationMetadataRefresher> logger)
    {
        _allowLoopbackHttp = environment.IsDevelopment();
        _trusts = trusts;
        _manager = manager;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        for (var i = 0; i < _options.TrustedTlsRootCertificates.Count; i++)
        {
            _roots.Add(KeyMaterialLoader.LoadPublicCertificate(_options.TrustedTlsRootCertificates[i], contentRoot.Path, $"{FederationMetadataRefreshOptions.SectionName}:TrustedTlsRootCertificates:{i}"));
        }

        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (_roots.Count > 0)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateAgainstConfiguredRoots };
        }

        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _refreshes = meters.Create(new System.Diagnostics.Metrics.MeterOptions(Telemetry.TokenServiceMetrics.Name)).CreateCounter<long>(
            "certauth.tokenservice.federation_metadata_refreshes", "{refresh}", "Federation metadata refreshes by outcome (changed, unchanged, refused, failed).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAllAsync(stoppingToken);
                await Task.Delay(_options.RefreshInterval, _clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The store itself failed: the trusts keep what they have; try again after the interval.
                _logger.FederationMetadataFailed("*", ex.GetType().Name);
                await Task.Delay(_options.RefreshInterval, _clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One round over every enabled trust with a metadata URL.</summary>
    public async Task RefreshAllAsync(CancellationToken cancellationToken)
    {
        foreach (var trust in await _trusts.ListAsync(cancellationToken))
        {
            if (trust is { Enabled: true, MetadataUrl: { Length: > 0 } url })
            {
                await RefreshAsync(trust.EntityId, url, cancellationToken);
            }
        }
    }

    private async Task RefreshAsync(string entityId, string url, CancellationToken cancellationToken)
    {
        string xml;
        try
        {
            xml = await FetchAsync(new Uri(url, UriKind.Absolute), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or UriFormatException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.FederationMetadataFailed(entityId, ex.Message);
            _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            return;
        }

        var result = await _manager.ApplyAsync(entityId, xml, FederationTrustMetadataManager.RefreshActor, cancellationToken);
        if (!result.Succeeded)
        {
            _logger.FederationMetadataRefused(entityId, result.Error!.Code, result.Error.Message);
            _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
            return;
        }

        var refresh = result.Value!;
        if (refresh.Changed)
        {
            _logger.FederationMetadataApplied(entityId, string.Join(",", refresh.Added), string.Join(",", refresh.Removed));
        }

        _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", refresh.Changed ? "changed" : "unchanged"));
    }

    private async Task<string> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !(_allowLoopbackHttp && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            throw new InvalidDataException($"{uri} is not https (plain http is fetched only from a loopback host in the Development environment).");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/samlmetadata+xml"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{uri} answered {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength > _options.MaxBytes)
        {
            throw new InvalidDataException($"{uri} sent more than {_options.MaxBytes} bytes.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new byte[_options.MaxBytes + 1];
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(total), timeout.Token)) > 0)
        {
            total += read;
            if (total > _options.MaxBytes)
            {
                throw new InvalidDataException($"{uri} sent more than {_options.MaxBytes} bytes.");
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private bool ValidateAgainstConfiguredRoots(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
