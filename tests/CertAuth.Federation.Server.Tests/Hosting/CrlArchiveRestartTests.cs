using System.Net;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.Hosting;

/// <summary>
/// Issue 16 (perf3), the last good CRL on disk per CA, through the real server: the federation server is started,
/// loads its CRLs from the loopback CRL server (which writes them to <c>Federation:Crl:ArchiveDirectory</c>), is
/// stopped and started again in the same folder with every CRL download held (the CRL server is "down": connections
/// stay open, nothing is answered). The probe and a sign-in then show what the archive did.
/// </summary>
public sealed class CrlArchiveRestartTests
{
    // A bound so that a broken build fails instead of hanging; not a speed assertion.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Restart_WithTheCrlServerDown_IsReadyFromTheArchive_AndRefusesTheRevokedCertificate()
    {
        await using var server = await StartAndRestartAsync(advance: TimeSpan.FromHours(1), tamper: false);
        await server.Services.GetRequiredService<CrlPreloader>().Completion.WaitAsync(Bound);

        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(server));
        var status = server.Services.GetRequiredService<ICrlCache>().GetStatus(await IssuingAuthorityIdAsync(server))!;
        Assert.Equal(1, (int)status.CrlNumber!.Value);

        var carol = await SignInAsync(server, server.Pki.Carol);
        Assert.Equal(HttpStatusCode.Forbidden, carol.Status);
        Assert.Equal("CAF1005", carol.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server, server.Pki.Alice)).Status);
    }

    [Fact]
    public async Task Restart_AfterANewerCrlIsPublished_TheDownloadReplacesTheArchivedCrl_InMemoryAndOnDisk()
    {
        await using var server = await StartAndRestartAsync(advance: TimeSpan.FromHours(1), tamper: false);
        await server.Services.GetRequiredService<CrlPreloader>().Completion.WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server, server.Pki.Alice)).Status);

        // The CA revokes alice; the CRL server comes back with CRL 3 (and its delta 4).
        var newer = server.Pki.IssuingCrl(3, server.Pki.Carol, server.Pki.Alice);
        server.Crls.Publish("issuing.crl", newer);
        server.Crls.Publish("issuing-delta.crl", server.Pki.IssuingDeltaCrl(4, 3));
        server.Crls.Release();

        var cache = server.Services.GetRequiredService<ICrlCache>();
        var id = await IssuingAuthorityIdAsync(server);
        var replaced = false;
        for (var poll = 0; poll < 400 && !replaced; poll++)
        {
            replaced = cache.GetStatus(id)?.CrlNumber == 3 && ArchivedBaseOf(server, server.Pki.Issuing.Subject) is { } onDisk && onDisk.SequenceEqual(newer);
            if (!replaced)
            {
                await Task.Delay(50);
            }
        }

        Assert.True(replaced, "the downloaded CRL 3 did not replace the archived CRL 1 (in memory and on disk)");
        var alice = await SignInAsync(server, server.Pki.Alice);
        Assert.Equal(HttpStatusCode.Forbidden, alice.Status);
        Assert.Equal("CAF1005", alice.ErrorCode);
    }

    [Fact]
    public async Task Restart_WithATamperedArchivedCrl_IsNotReadyUntilTheNetworkCrlArrives()
    {
        await using var server = await StartAndRestartAsync(advance: TimeSpan.FromHours(1), tamper: true);
        var preloader = server.Services.GetRequiredService<CrlPreloader>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ProbeAsync(server));
        Assert.False(preloader.IsComplete);

        server.Crls.Release();
        await preloader.Completion.WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(server));
        Assert.Equal("CAF1005", (await SignInAsync(server, server.Pki.Carol)).ErrorCode);
    }

    [Fact]
    public async Task Restart_AfterTheArchivedDeltaCrlExpired_TheArchiveIsNotUsed()
    {
        // The issuing CA's delta CRL is valid for one day: two days later the pair on disk is not fresh, so the CA does
        // not count as loaded (its still-fresh base CRL may sit in the cache, but the checker needs a fresh delta).
        await using var server = await StartAndRestartAsync(advance: TimeSpan.FromDays(2), tamper: false);
        var preloader = server.Services.GetRequiredService<CrlPreloader>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ProbeAsync(server));
        Assert.False(preloader.IsComplete);
    }

    // Starts the server (its CRLs downloaded and archived), optionally flips one bit of the issuing CA's archived
    // signature, holds the CRL server, moves the clock on and restarts without waiting for the CRL load.
    private static async Task<ArchivingServer> StartAndRestartAsync(TimeSpan advance, bool tamper)
    {
        var server = new ArchivingServer();
        await server.InitializeAsync();
        try
        {
            Assert.NotNull(ArchivedBaseOf(server, server.Pki.Issuing.Subject));
            if (tamper)
            {
                var path = ArchivedBasePathOf(server, server.Pki.Issuing.Subject)!;
                var bytes = File.ReadAllBytes(path);
                bytes[^1] ^= 0x01;
                File.WriteAllBytes(path, bytes);
            }

            server.Crls.Hold();
            server.Clock.Advance(advance);
            await server.RestartAsync(waitForCrlPreload: false);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static byte[]? ArchivedBaseOf(ArchivingServer server, string issuer)
        => ArchivedBasePathOf(server, issuer) is { } path ? File.ReadAllBytes(path) : null;

    // The archive names files by a hash; the test finds the issuing CA's base CRL by its issuer (the tampered file no
    // longer verifies but still parses).
    private static string? ArchivedBasePathOf(ArchivingServer server, string issuer)
        => Directory.Exists(server.ArchiveFolder)
            ? Directory.GetFiles(server.ArchiveFolder, "*.base.crl").SingleOrDefault(f =>
                CrlParser.TryParse(File.ReadAllBytes(f), out var crl, out _) && crl!.Issuer.Name == issuer)
            : null;

    private static async Task<string> IssuingAuthorityIdAsync(FederationServerHarness server) =>
        (await server.Services.GetRequiredService<ITrustedAuthorityStore>().ListAsync())
            .Single(a => a.Subject == server.Pki.Issuing.Subject).Id;

    private static async Task<HttpStatusCode> ProbeAsync(FederationServerHarness server)
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(new Uri(server.PublicUrl, "/adfs/probe"));
        return response.StatusCode;
    }

    private static async Task<SignInPage> SignInAsync(FederationServerHarness server, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var client = server.CreateClient(certificate);
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        return await SignInPage.ReadAsync(response);
    }

    private sealed class ArchivingServer : FederationServerHarness, IAsyncDisposable
    {
        public string ArchiveFolder => Path.Combine(Folder, "crl-archive");

        protected override void Configure(Dictionary<string, string?> settings)
            => settings["Federation:Crl:ArchiveDirectory"] = ArchiveFolder;

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
