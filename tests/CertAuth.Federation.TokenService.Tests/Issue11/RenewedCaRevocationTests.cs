using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Issue11;

/// <summary>
/// Issue 11 item 4: a CA renewed under the same name (as AD CS does) is told apart by the certificate's Authority Key
/// Identifier, kept with the refresh record since sign-in — never "the first CA with that subject DN". Real TLS token
/// endpoint, CRLs served over loopback HTTP.
/// </summary>
public sealed class RenewedCaRevocationTests : IAsyncLifetime
{
    private const string OldCrl = "old-ca.crl";
    private const string NewCrl = "new-ca.crl";
    private TokenServiceHost _host = null!;
    private CrlServer _crls = null!;
    private X509Certificate2 _renewed = null!;

    public async Task InitializeAsync()
    {
        _crls = await CrlServer.StartAsync();
        _host = await TokenServiceHost.StartAsync();
        var now = _host.Clock.GetUtcNow();

        // Same subject DN as the test PKI's issuing CA, another key: the renewed CA. Ids order the old one first.
        _renewed = CertificateFactory.CreateIntermediateCa(_host.Pki.RootCa, _host.Pki.IssuingCa.Subject, now.AddDays(-30), now.AddYears(10));
        Assert.Equal(_host.Pki.IssuingCa.SubjectName.Name, _renewed.SubjectName.Name);
        var store = _host.Services.GetRequiredService<ITrustedAuthorityStore>();
        await store.AddAsync(Record("a-old-ca", _host.Pki.IssuingCa, _crls.UrlOf(OldCrl)));
        await store.AddAsync(Record("b-renewed-ca", _renewed, _crls.UrlOf(NewCrl)));
        _host.Clock.Advance(TimeSpan.FromSeconds(2));
        _crls.Publish(OldCrl, CrlWriter.Write(_host.Pki.IssuingCa, [], now, now.AddDays(7), 1));
        _crls.Publish(NewCrl, CrlWriter.Write(_renewed, [], now, now.AddDays(7), 1));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _crls.DisposeAsync();
    }

    [Fact]
    public async Task Refresh_AfterTheRenewedCaRevokedTheCertificate_IsRefused_ThoughTheOldCaOfTheSameNameDidNot()
    {
        var alice = _host.Pki.IssueUser(_host.Pki.UserOptions("alice", upn: "alice@contoso.com"), issuer: _renewed);
        var body = await _host.SignInAndRedeemAsync(alice);
        var first = body.GetProperty("refresh_token").GetString()!;
        var record = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(first));
        Assert.Equal(CertAuth.Federation.TokenService.Revocation.CertificateRevocationPolicy.SubjectKeyIdentifier(_renewed), record!.CertificateAuthorityKeyId);
        var (status, refreshed) = await _host.RefreshAsync(first);
        Assert.True(status == HttpStatusCode.OK, refreshed.ToString());
        var second = refreshed.GetProperty("refresh_token").GetString()!;
        var child = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(second));
        Assert.Equal(record.CertificateAuthorityKeyId, child!.CertificateAuthorityKeyId);

        // Only the renewed CA (the one whose key issued alice) revokes her; the old CA's CRL stays empty.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = _host.Clock.GetUtcNow();
        _crls.Publish(NewCrl, CrlWriter.Write(_renewed, [CrlEntry.For(alice, now)], now, now.AddDays(7), 2));
        _crls.Publish(OldCrl, CrlWriter.Write(_host.Pki.IssuingCa, [], now, now.AddDays(7), 2));
        await RequestCrlRefreshAsync("a-old-ca", "b-renewed-ca");

        OAuthFlow.AssertError(await _host.RefreshAsync(second), "invalid_grant", "CAT500171");
    }

    [Fact]
    public async Task Refresh_WithoutAuthorityKeyId_WhenTwoCasShareTheName_IsRefusedAsAmbiguous()
    {
        var alice = _host.Pki.IssueUser(_host.Pki.UserOptions("alice", upn: "alice@contoso.com"), issuer: _renewed);
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", alice, authorityKeyIdClaim: false);
        using var response = await _host.PostAcsAsync(_host.Federation.Response(assertion, _host.AcsUrl, request.Id));
        var (status, body) = await _host.RedeemCodeAsync(OAuthFlow.CodeFrom(response));
        Assert.True(status == HttpStatusCode.OK, body.ToString());

        OAuthFlow.AssertError(await _host.RefreshAsync(body.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT500175");
    }

    private async Task RequestCrlRefreshAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            await _host.Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(id, "test");
        }

        var refreshed = await _host.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None);
        Assert.All(ids, id => Assert.Contains(id, refreshed));
    }

    private static TrustedAuthorityRecord Record(string id, X509Certificate2 ca, Uri crl) => new()
    {
        Id = id,
        AuthorityType = 1,
        Certificate = ca.RawData,
        Thumbprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ca.RawData)),
        Subject = ca.Subject,
        CrlDistributionPoint = crl.AbsoluteUri,
    };
}
