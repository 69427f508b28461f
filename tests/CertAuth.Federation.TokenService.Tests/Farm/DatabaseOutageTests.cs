using System.Net;
using System.Text.Json;
using CertAuth.Federation.Tests.Shared;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Xunit.Abstractions;

namespace CertAuth.Federation.TokenService.Tests.Farm;

/// <summary>
/// Issue 13: the token service on a private PostgreSQL server that is stopped and started again. Without its database
/// the node reports not ready and answers 503 with CAT90033 (RFC 6749 <c>temporarily_unavailable</c> JSON on the token
/// endpoint, revocation and introspection, the themed page on authorize), never a 500; with the database back it serves again, and the refresh token
/// issued before the outage is still good exactly once.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresCluster _postgres = null!;
    private TokenServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _host = await TokenServiceHost.StartAsync(s =>
        {
            s["Storage:Provider"] = "PostgreSQL";
            s["Storage:ConnectionString"] = _postgres.ConnectionString;
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task WithoutItsDatabase_TheNodeAnswers503WithAStableCode_AndRecovers()
    {
        await _host.TrustIssuingCaAsync(crl: null);
        var tokens = await _host.SignInAndRedeemAsync(_host.Pki.IssueUser("alice", upn: "alice@contoso.com"));
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        Assert.Equal((HttpStatusCode.OK, "OK"), await ProbeAsync());

        await _postgres.StopAsync();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Database unavailable"), await ProbeAsync());
        var (status, body) = await _host.RefreshAsync(refresh);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("temporarily_unavailable", body.GetProperty("error").GetString());
        Assert.StartsWith("CAT90033", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        // RFC 7009 / RFC 7662 endpoints: the same JSON 503, never a 500 (and the revocation did not half-happen: the
        // refresh below still rotates once).
        foreach (var answer in new[] { await _host.RevokeAsync(refresh), await _host.IntrospectAsync(refresh) })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.Equal("temporarily_unavailable", answer.Body.GetProperty("error").GetString());
            Assert.StartsWith("CAT90033", answer.Body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        }

        using (var page = await _host.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge())))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("CAT90033", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
            Assert.NotNull(page.Headers.RetryAfter);
        }

        await _postgres.StartAgainAsync();

        // Back: the probe turns ready, and the refresh token from before the outage rotates once (never a 500 meanwhile).
        var statuses = new List<HttpStatusCode>();
        (HttpStatusCode Status, JsonElement Body) refreshed = default;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if ((await ProbeAsync()).Status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
                continue;
            }

            refreshed = await _host.RefreshAsync(refresh);
            statuses.Add(refreshed.Status);
            if (refreshed.Status != HttpStatusCode.ServiceUnavailable)
            {
                break;
            }
        }

        output.WriteLine($"token requests after the restart until success: {string.Join(", ", statuses.Select(s => (int)s))}");
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"unexpected {(int)s}"));
        var reused = await _host.RefreshAsync(refresh);
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
    }

    private async Task<(HttpStatusCode Status, string Text)> ProbeAsync()
    {
        using var response = await _host.Client.GetAsync("/probe");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
