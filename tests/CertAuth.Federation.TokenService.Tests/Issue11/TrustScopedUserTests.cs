using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Web;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Issue11;

/// <summary>
/// Issue 11 item 6: token-service users are keyed by (federation trust, subject), in the token service's own table.
/// A second trusted federation server sending the same UPN (even the same ImmutableID) gets another user and never
/// the first trust's session; a token-service sign-in never creates or changes a directory user. Real TLS ACS.
/// </summary>
public sealed class TrustScopedUserTests : IAsyncLifetime
{
    private const string OtherEntityId = "https://other-fs.test/adfs/services/trust";
    private TokenServiceHost _host = null!;
    private FederationServerSimulator _other = null!;
    private string _otherCertificatePath = null!;

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var otherSigning = CertificateFactory.CreateTokenSigning("CN=Other Federation Token Signing", now.AddDays(-2), now.AddYears(1));
        _otherCertificatePath = Path.Combine(Path.GetTempPath(), "certauth-other-fs-" + Guid.NewGuid().ToString("N") + ".cer");
        await File.WriteAllBytesAsync(_otherCertificatePath, otherSigning.RawData);
        _host = await TokenServiceHost.StartAsync(settings =>
        {
            settings["TokenService:FederationServers:1:EntityId"] = OtherEntityId;
            settings["TokenService:FederationServers:1:SingleSignOnUrl"] = "https://other-fs.test/adfs/ls/";
            settings["TokenService:FederationServers:1:SigningCertificates:0"] = _otherCertificatePath;
        });
        _other = new FederationServerSimulator(OtherEntityId, otherSigning, _host.Clock) { DefaultUserCertificate = _host.Federation.DefaultUserCertificate };
        await _host.TrustIssuingCaAsync(crl: null);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        File.Delete(_otherCertificatePath);
    }

    [Fact]
    public async Task SameUpnFromTwoTrusts_GetsTwoUsersAndTwoSessions_AndTheDirectoryIsUntouched()
    {
        await using var federationStore = await _host.OpenFederationStoreAsync();
        var directory = federationStore.GetRequiredService<IUserStore>();
        await directory.AddAsync(new UserRecord { Upn = "bob@contoso.com", ImmutableId = "bob-directory", DisplayName = "Bob (directory)" });
        var before = await directory.ListAsync();

        var fromA = await SignInAndRedeemAsync(_host.Federation, "bob@contoso.com");
        var fromB = await SignInAndRedeemAsync(_other, "bob@contoso.com");

        var users = await _host.Services.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("bob@contoso.com");
        Assert.Equal(2, users.Count);
        Assert.Equal(new[] { TokenServiceHost.FederationEntityId, OtherEntityId }.Order(), users.Select(u => u.FederationIssuer).Order());
        Assert.NotEqual(Sub(fromA), Sub(fromB));
        Assert.Contains(users, u => u.ObjectId == Sub(fromA) && u.FederationIssuer == TokenServiceHost.FederationEntityId);
        Assert.Contains(users, u => u.ObjectId == Sub(fromB) && u.FederationIssuer == OtherEntityId);

        var refreshA = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(fromA.GetProperty("refresh_token").GetString()!));
        var refreshB = await _host.Services.GetRequiredService<IRefreshTokenStore>().FindByHashAsync(OAuth.OpaqueTokens.Hash(fromB.GetProperty("refresh_token").GetString()!));
        Assert.NotEqual(refreshA!.TokenServiceUserId, refreshB!.TokenServiceUserId);

        // The directory (users) is exactly as it was: no row added, none changed.
        var after = await directory.ListAsync();
        Assert.Equal(
            before.Select(u => (u.Id, u.Upn, u.ImmutableId, u.DisplayName, u.Enabled, u.StsRefreshTokensValidFrom, u.UpdatedAt)),
            after.Select(u => (u.Id, u.Upn, u.ImmutableId, u.DisplayName, u.Enabled, u.StsRefreshTokensValidFrom, u.UpdatedAt)));
    }

    [Fact]
    public async Task RevokingOneTrustsUser_LeavesTheOtherTrustsSessionWorking()
    {
        var fromA = await SignInAndRedeemAsync(_host.Federation, "carol@contoso.com");
        var fromB = await SignInAndRedeemAsync(_other, "carol@contoso.com");
        _host.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await _host.Services.GetRequiredService<ITokenServiceUserStore>().RevokeSessionsAsync("carol@contoso.com", OtherEntityId, _host.Clock.GetUtcNow()));

        OAuthFlow.AssertError(await _host.RefreshAsync(fromB.GetProperty("refresh_token").GetString()!), "invalid_grant", "CAT50173");
        var (status, body) = await _host.RefreshAsync(fromA.GetProperty("refresh_token").GetString()!);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    [Fact]
    public async Task DirectoryUserRows_AreNeverCreatedByATokenServiceSignIn()
    {
        await SignInAndRedeemAsync(_other, "dave@contoso.com");
        await using var federationStore = await _host.OpenFederationStoreAsync();
        Assert.Null(await federationStore.GetRequiredService<IUserStore>().FindByUpnAsync("dave@contoso.com"));
        Assert.Empty(await federationStore.GetRequiredService<IUserStore>().ListAsync());
        Assert.Single(await _host.Services.GetRequiredService<ITokenServiceUserStore>().ListByUpnAsync("dave@contoso.com"));
    }

    private async Task<System.Text.Json.JsonElement> SignInAndRedeemAsync(FederationServerSimulator federation, string upn)
    {
        using var authorize = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge(), extra: "&idp=" + HttpUtility.UrlEncode(federation.EntityId)));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var message = new HttpRedirectBinding().Decode(authorize.Headers.Location!.Query.TrimStart('?')).Valid();
        var request = new AuthnRequestReader().Read(new SafeXmlLoader().Load(message.Xml).Valid()).Valid();
        var assertion = federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, upn, null);
        using var response = await _host.PostAcsAsync(federation.Response(assertion, _host.AcsUrl, request.Id));
        var (status, body) = await _host.RedeemCodeAsync(OAuthFlow.CodeFrom(response));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static string Sub(System.Text.Json.JsonElement body) =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body.GetProperty("access_token").GetString()).Subject;
}
