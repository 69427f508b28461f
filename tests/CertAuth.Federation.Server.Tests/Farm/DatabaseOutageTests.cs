using System.Net;
using CertAuth.Federation.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Server.Tests.Farm;

/// <summary>
/// Issue 13: the federation server on a private PostgreSQL server that is stopped and started again. Without its
/// database the probe says so (503) and a sign-in gets the themed page CAF1302 with 503 and Retry-After, never a 500;
/// with the database back, people sign in again.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private PostgresCluster _postgres = null!;
    private PostgresNode _server = null!;

    private string IdpInitiatedUrl => new Uri(_server.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId)).AbsoluteUri;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _server = new PostgresNode(_postgres.ConnectionString);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task WithoutItsDatabase_SignInGetsCAF1302With503_AndRecovers()
    {
        Assert.Equal((HttpStatusCode.OK, "OK"), await ProbeAsync());
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync()).Status);

        await _postgres.StopAsync();

        // The directory-user and relying-party caches (2 s each, docs/security.md "Caches") may still serve a sign-in
        // read just before the outage; past their lifetime the sign-in needs the database.
        var options = _server.Services.GetRequiredService<IOptions<FederationServerOptions>>().Value;
        _server.Clock.Advance(options.DirectoryUserCacheLifetime > options.RelyingPartyCacheLifetime ? options.DirectoryUserCacheLifetime : options.RelyingPartyCacheLifetime);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Database unavailable"), await ProbeAsync());
        var refused = await SignInAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("CAF1302", refused.ErrorCode);
        Assert.DoesNotContain("Exception", refused.Html, StringComparison.Ordinal);

        await _postgres.StartAgainAsync();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 20 && (statuses.Count == 0 || statuses[^1] != HttpStatusCode.OK); attempt++)
        {
            if ((await ProbeAsync()).Status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
                continue;
            }

            statuses.Add((await SignInAsync()).Status);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"unexpected {(int)s}"));
    }

    /// <summary>
    /// A sign-in begun before the outage reaches the certificate step without the database: its page (CAF1302) names no
    /// relying-party theme (that would need the database), so it is a 503 with its code, not a 500 (found by the farm
    /// fault test tests/CertAuth.Federation.Farm.Tests/DatabaseRestartTests.cs).
    /// </summary>
    [Fact]
    public async Task WithoutItsDatabase_TheCertificateStepOfASignInBegunBefore_GetsCAF1302With503()
    {
        string certificateStep;
        using (var client = _server.CreateClient())
        using (var redirect = await client.GetAsync(IdpInitiatedUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            certificateStep = new Uri(new Uri(IdpInitiatedUrl), redirect.Headers.Location!).AbsoluteUri;
        }

        await _postgres.StopAsync();

        using var alice = _server.CreateClient(_server.Pki.Alice);
        using var response = await alice.GetAsync(certificateStep);
        var page = await SignInPage.ReadAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
        Assert.Equal("CAF1302", page.ErrorCode);
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
    }

    private async Task<SignInPage> SignInAsync()
    {
        using var client = _server.CreateClient(_server.Pki.Alice);
        using var response = await _server.FollowAsync(client, IdpInitiatedUrl);
        return await SignInPage.ReadAsync(response);
    }

    private async Task<(HttpStatusCode Status, string Text)> ProbeAsync()
    {
        using var client = _server.CreateClient();
        using var response = await client.GetAsync(new Uri(_server.PublicUrl, "/adfs/probe"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed class PostgresNode(string connectionString) : FederationServerHarness
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["Storage:Provider"] = "PostgreSQL";
            settings["Storage:ConnectionString"] = connectionString;
        }
    }
}
