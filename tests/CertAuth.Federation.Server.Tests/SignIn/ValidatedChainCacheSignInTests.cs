using System.Net;
using CertAuth.Federation.Certificates.Validation;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.SignIn;

/// <summary>
/// The validated-chain cache through the real server (TLS client certificates on loopback, SQLite store, CRLs over
/// HTTP): a repeat sign-in reuses the chain, a CRL loaded later refuses the cached certificate on the next sign-in, and a
/// trust-store edit made through the store is seen once the source re-reads the store's version.
/// </summary>
public sealed class ValidatedChainCacheSignInTests(FederationServerHarness server) : IClassFixture<FederationServerHarness>
{
    [Fact]
    public async Task RepeatSignIn_UsesTheCachedChain_ButARevocationOrTrustEditRefusesOnTheNextSignIn()
    {
        var validator = Assert.IsType<ClientCertificateValidator>(server.Services.GetRequiredService<IClientCertificateValidator>());
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server.Pki.Bob)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server.Pki.Alice)).Status);
        Assert.Equal(2, validator.CachedChainCount);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(server.Pki.Bob)).Status);
        Assert.Equal(2, validator.CachedChainCount);

        // Revoked after caching: refused as soon as the server loads the CRL that lists bob.
        server.Crls.Publish("issuing-delta.crl", server.Pki.IssuingDeltaCrl(3, 1, server.Pki.Bob));
        var store = server.Services.GetRequiredService<ITrustedAuthorityStore>();
        var issuing = (await store.ListAsync()).Single(a => a.Subject == server.Pki.Issuing.Subject);
        await server.Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(issuing.Id, "test");
        await server.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);
        var revoked = await SignInAsync(server.Pki.Bob);
        Assert.Equal(HttpStatusCode.Forbidden, revoked.Status);
        Assert.Equal("CAF1005", revoked.ErrorCode);

        // A trust-store edit (the issuing CA now pins another issuer name): alice's cached chain is not reused.
        // (The store's version is a hash of the rows' UpdatedAt, so the edit is made at a later clock reading.)
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        issuing.TrustedIssuer = "CN=Someone Else";
        Assert.True(await store.UpdateAsync(issuing));
        var untrusted = await SignInAsync(server.Pki.Alice);
        Assert.Equal(HttpStatusCode.Forbidden, untrusted.Status);
        Assert.Equal("CAF1002", untrusted.ErrorCode);
    }

    private async Task<SignInPage> SignInAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var client = server.CreateClient(certificate);
        using var response = await server.FollowAsync(client, new Uri(server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        return await SignInPage.ReadAsync(response);
    }
}
