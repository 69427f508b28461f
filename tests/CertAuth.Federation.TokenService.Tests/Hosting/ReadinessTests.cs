using System.Net;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Hosting;

/// <summary>
/// <c>GET /probe</c>: 503 while the configured CA's CRL is still downloading at start-up, 200 once it is loaded. The CRL
/// server (real HTTP on loopback) holds the download until the test releases it.
/// </summary>
public sealed class ReadinessTests
{
    private const string Crl = "issuing-ca.crl";

    // A bound so that a broken build fails instead of hanging; not a speed assertion.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Probe_IsNotReadyUntilTheCrlIsLoaded_ThenReady()
    {
        await using var crls = await CrlServer.StartAsync();
        crls.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TokenServiceHost.StartAsync(beforeStart: async (services, pki) =>
        {
            crls.Publish(Crl, pki.BuildCrl());
            await services.GetRequiredService<StorageInitializer>().InitializeAsync();
            await TokenServiceHost.TrustIssuingCaAsync(services, pki, crls.UrlOf(Crl));
        }, waitForCrlPreload: false);
        var preloader = host.Services.GetRequiredService<CrlPreloader>();
        await crls.HeldRequestArrived.Task.WaitAsync(Bound);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ProbeAsync(host));
        Assert.False(preloader.IsComplete);

        crls.Hold.TrySetResult();
        await preloader.Completion.WaitAsync(Bound);

        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(host));
        var status = host.Services.GetRequiredService<ICrlCache>().GetStatus(TokenServiceHost.IssuingCaId);
        Assert.NotNull(status);
        Assert.NotNull(status.CrlNumber);
        Assert.Null(status.LastError);
    }

    private static async Task<HttpStatusCode> ProbeAsync(TokenServiceHost host)
    {
        using var response = await host.Client.GetAsync(new Uri(host.BaseUrl, "/probe"));
        return response.StatusCode;
    }
}
