using System.Net;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>
/// A certificate revoked after the server cached its CA's CRL is refused once the server is asked to refresh
/// (what <c>certauth ca crl-refresh</c> and <c>dev-certs revoke</c> do from another process).
/// </summary>
public sealed class RevocationAtSignInTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task RevokedAfterCaching_IsRefusedAfterTheRefreshRequest_ViaTheDeltaCrl()
    {
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync()).Status);

        // The CA publishes a delta CRL listing bob; the cached one (nextUpdate a day ahead) does not know yet.
        server.Crls.Publish("issuing-delta.crl", server.Pki.IssuingDeltaCrl(3, 1, server.Pki.Bob));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync()).Status);

        var issuing = (await server.Services.GetRequiredService<ITrustedAuthorityStore>().ListAsync())
            .Single(a => a.Subject == server.Pki.Issuing.Subject);
        await server.Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(issuing.Id, "test");
        var refreshed = await server.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);

        Assert.Contains(issuing.Id, refreshed);
        var page = await SignInAsync();
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("CAF1005", page.ErrorCode);
    }

    private async Task<SignInPage> SignInAsync()
    {
        using var client = server.CreateClient(server.Pki.Bob);
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        return await SignInPage.ReadAsync(response);
    }
}
