using System.Net;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.TokenService.Tests.Issue11;

/// <summary>
/// Issue 11 "Also": expected refusals are not errors. A replayed assertion is refused with its code and no Error-level
/// log (no EF Core "failed command" with a stack trace), and a first start against an empty database logs no
/// <c>no such table</c> (the CRL refresh watcher waits for the schema). Real TLS server, capturing logger.
/// </summary>
public sealed class ExpectedRefusalLoggingTests : IAsyncLifetime
{
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await TokenServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void FirstStart_AgainstAnEmptyDatabase_LogsNoMissingTable_AndNoError()
    {
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ReplayedAssertion_AtTheAcs_IsRefused_WithoutAnErrorLog()
    {
        var request = await _host.AuthorizeAsync();
        var assertion = _host.Federation.NewAssertion(_host.AcsUrl, _host.EntityId, request.Id, "alice@contoso.com", null);
        var samlResponse = _host.Federation.Response(assertion, _host.AcsUrl, request.Id);
        using (var first = await _host.PostAcsAsync(samlResponse))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        // The same response again, from a browser that started a new sign-in (so only the replay cache can refuse it).
        var again = await _host.AuthorizeAsync();
        var replay = _host.Federation.Response(assertion, _host.AcsUrl, again.Id);
        using var second = await _host.PostAcsAsync(replay);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("CAT", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ReplayedAssertion_AtTheTokenEndpoint_IsRefusedWithItsCode_WithoutAnErrorLog()
    {
        var assertion = _host.Federation.BareAssertion(_host.Federation.NewAssertion(_host.TokenEndpoint, _host.EntityId, null, "alice@contoso.com", null));
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ["client_id"] = TokenServiceHost.PublicClientId,
            ["assertion"] = assertion,
            ["scope"] = "openid offline_access",
        };
        Assert.Equal(HttpStatusCode.OK, (await _host.TokenAsync(form)).Status);

        OAuthFlow.AssertError(await _host.TokenAsync(form), "invalid_grant", "CAT50132");
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains("UNIQUE constraint", StringComparison.OrdinalIgnoreCase));
    }
}
