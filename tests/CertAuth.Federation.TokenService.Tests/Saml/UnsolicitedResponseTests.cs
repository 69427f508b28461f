using System.Net;
using System.Web;
using CertAuth.Federation.TokenService.Tests.TestKit;

namespace CertAuth.Federation.TokenService.Tests.Saml;

/// <summary>IdP-initiated sign-on, accepted only where the trust allows it, RelayState naming a confidential client (a public one cannot use PKCE).</summary>
public sealed class UnsolicitedResponseTests : IAsyncLifetime
{
    private const string ConfidentialRedirectUri = "https://web.test/callback";
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TokenServiceHost.StartAsync(s => s["TokenService:FederationServers:0:AllowUnsolicited"] = "true");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UnsolicitedResponse_WithRelayStateNamingAConfidentialClient_YieldsACodeAtItsRedirectUri()
    {
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, null, "alice@contoso.com", null);
        using var response = await _host.PostAcsAsync(_host.Federation.Response(assertion, _host.AcsUrl, null), relayState: TokenServiceHost.ConfidentialClientId);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(ConfidentialRedirectUri, response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var code = HttpUtility.ParseQueryString(response.Headers.Location.Query)["code"]!;
        var (status, body) = await _host.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TokenServiceHost.ConfidentialClientId,
            ["client_secret"] = TokenServiceHost.ConfidentialSecret,
            ["code"] = code,
            ["redirect_uri"] = ConfidentialRedirectUri,
        });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    [Fact]
    public async Task UnsolicitedResponse_ForAPublicClient_IsRefusedWithItsCodeOnTheThemedPage_AndNoCodeIsIssued()
    {
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, null, "alice@contoso.com", null);
        using var response = await _host.PostAcsAsync(_host.Federation.Response(assertion, _host.AcsUrl, null), relayState: TokenServiceHost.PublicClientId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("CAT750056", page, StringComparison.Ordinal);
        Assert.Contains("This application must start the sign-in itself", page, StringComparison.Ordinal);
        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3020 && e.Message.Contains("CAT750056", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsolicitedResponse_WithUnknownClient_IsRefused()
    {
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, null, "alice@contoso.com", null);
        using var response = await _host.PostAcsAsync(_host.Federation.Response(assertion, _host.AcsUrl, null), relayState: "nobody");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CAT700016", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
