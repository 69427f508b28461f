using System.Net;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Hosting;

/// <summary>
/// Issue 12: the token service's own store. Its trusted-CA list (the refresh-time revocation check's) is seeded from the
/// one <c>Federation:TrustedCertificateAuthorities</c> section by default, or from its own section when that has entries;
/// its container holds no federation-server store at all.
/// </summary>
public sealed class OwnStoreTests
{
    private const string Crl = "issuing-ca.crl";

    [Fact]
    public async Task TrustedCaList_IsSeededFromTheFederationSection_AndItsCrlIsLoadedAtStart()
    {
        await using var crls = await CrlServer.StartAsync();
        await using var host = await TokenServiceHost.StartAsync(
            settings =>
            {
                settings["Federation:TrustedCertificateAuthorities:0:Certificate"] = "issuing-ca.cer";
                settings["Federation:TrustedCertificateAuthorities:0:AuthorityType"] = "IntermediateAuthority";
                settings["Federation:TrustedCertificateAuthorities:0:CrlDistributionPoint"] = crls.UrlOf(Crl).AbsoluteUri;
            },
            beforeStart: (_, pki) =>
            {
                crls.Publish(Crl, pki.BuildCrl());
                return Task.CompletedTask;
            });

        var seeded = Assert.Single(await host.Services.GetRequiredService<ITrustedAuthorityStore>().ListAsync());
        Assert.Equal(host.Pki.IssuingCa.Subject, seeded.Subject);
        Assert.Equal(RecordSource.Configuration, seeded.Source);
        Assert.Equal(1, seeded.AuthorityType);
        var state = await host.Services.GetRequiredService<ICrlStateRepository>().GetAsync(seeded.Id);
        Assert.NotNull(state?.LastFetch);
        Assert.True(host.Services.GetRequiredService<CrlPreloader>().IsComplete);
        using var probe = await host.Client.GetAsync(new Uri(host.BaseUrl, "/probe"));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task OwnSection_WhenItHasEntries_WinsOverTheFederationSection()
    {
        await using var host = await TokenServiceHost.StartAsync(settings =>
        {
            settings["Federation:TrustedCertificateAuthorities:0:Certificate"] = "does-not-exist.cer";
            settings["TokenService:TrustedCertificateAuthorities:0:Certificate"] = "issuing-ca.cer";
            settings["TokenService:TrustedCertificateAuthorities:0:AuthorityType"] = "IntermediateAuthority";
        });

        var seeded = Assert.Single(await host.Services.GetRequiredService<ITrustedAuthorityStore>().ListAsync());
        Assert.Equal(host.Pki.IssuingCa.Subject, seeded.Subject);
    }

    [Fact]
    public async Task Container_HoldsNoFederationServerStore()
    {
        await using var host = await TokenServiceHost.StartAsync();

        Assert.Null(host.Services.GetService<IUserStore>());
        Assert.Null(host.Services.GetService<IRelyingPartyStore>());
        Assert.Null(host.Services.GetService<Microsoft.EntityFrameworkCore.IDbContextFactory<FederationDbContext>>());
        Assert.NotNull(host.Services.GetService<ITokenServiceUserStore>());
    }
}
