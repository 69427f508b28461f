using System.Net;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.Hosting;

/// <summary>
/// <c>/adfs/probe</c> and the start-up CRL load: not ready (503) while any configured CA's CRL is still downloading,
/// ready (200) once each CA has a loaded CRL or a definitive failed first attempt; a CA whose CRL failed still refuses
/// sign-ins (CAF1007, fail closed). The CRL server holds the downloads until the test releases them.
/// </summary>
public sealed class ReadinessTests
{
    // A bound so that a broken build fails instead of hanging; not a speed assertion.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Probe_IsNotReadyUntilEveryCrlIsLoaded_ThenReady()
    {
        var server = new FederationServerHarness { HoldCrlsAtStart = true };
        await server.InitializeAsync();
        try
        {
            var preloader = server.Services.GetRequiredService<CrlPreloader>();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await ProbeAsync(server));
            Assert.False(preloader.IsComplete);

            server.Crls.Release();
            await preloader.Completion.WaitAsync(Bound);

            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(server));
            var status = server.Services.GetRequiredService<ICrlCache>().GetStatus(await IssuingAuthorityIdAsync(server));
            Assert.NotNull(status);
            Assert.Equal(1, status.Entries);
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server)).Status);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Probe_IsReadyAfterADefinitiveFailedDownload_AndThatCaStillFailsClosed()
    {
        var server = new FederationServerHarness { HoldCrlsAtStart = true };
        await server.InitializeAsync();
        try
        {
            var preloader = server.Services.GetRequiredService<CrlPreloader>();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await ProbeAsync(server));

            server.Crls.Remove("issuing.crl");
            server.Crls.Release();
            await preloader.Completion.WaitAsync(Bound);

            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(server));
            var status = server.Services.GetRequiredService<ICrlCache>().GetStatus(await IssuingAuthorityIdAsync(server));
            Assert.NotNull(status);
            Assert.Equal(CrlErrorCode.DownloadFailed, status.LastError?.Code);
            var page = await SignInAsync(server);
            Assert.Equal(HttpStatusCode.Forbidden, page.Status);
            Assert.Equal("CAF1007", page.ErrorCode);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<string> IssuingAuthorityIdAsync(FederationServerHarness server) =>
        (await server.Services.GetRequiredService<ITrustedAuthorityStore>().ListAsync())
            .Single(a => a.Subject == server.Pki.Issuing.Subject).Id;

    private static async Task<HttpStatusCode> ProbeAsync(FederationServerHarness server)
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/probe"));
        return response.StatusCode;
    }

    private static async Task<SignInPage> SignInAsync(FederationServerHarness server)
    {
        using var client = server.CreateClient(server.Pki.Alice);
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        return await SignInPage.ReadAsync(response);
    }
}
