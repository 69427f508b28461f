using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Administration.Clients;
using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.Administration.Users;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Validation;
using CertAuth.Federation.Storage.Revocation;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.Tests.Shared;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.TokenService.Tests.Farm;

/// <summary>
/// Issue 13 item 3 on the token service: two nodes (two hosts in this process, each with its own DI container, fake
/// clock and Kestrel TLS listener) on ONE PostgreSQL database (a private throwaway cluster) and one data-protection
/// certificate. Each cross-request fact is written through node A and checked through node B: single-use codes, the
/// SAML assertion replay record, <c>StsRefreshTokensValidFrom</c> (revoke-sessions through A's admin manager), CRL
/// refresh requests (each node acts once), and trust changes (a federation trust or a client removed on A).
/// </summary>
public sealed class CrossNodeFactsTests : IAsyncLifetime
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "certauth-ts-facts-" + Guid.NewGuid().ToString("N"));
    private PostgresCluster _postgres = null!;
    private TokenServiceHost _a = null!;
    private TokenServiceHost _b = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_shared);
        var now = DateTimeOffset.UtcNow;
        using (var certificate = CertificateFactory.CreateKeyEncryption("CN=Test Data Protection", now.AddDays(-1), now.AddYears(1)))
        {
            await File.WriteAllBytesAsync(Path.Combine(_shared, "dp.pfx"), certificate.Export(X509ContentType.Pfx, "test"));
        }

        _postgres = await PostgresCluster.StartAsync();
        _a = await TokenServiceHost.StartAsync(Shared);
        _b = await TokenServiceHost.StartAsync(Shared);

        // The trust seeded by A (with A's simulated federation server's key) is the one B finds; B's seeding skips it.
        await _a.TrustIssuingCaAsync(crl: null);
        _b.Clock.Advance(TimeSpan.FromSeconds(2));  // past B's CA-list cache, as 2 s later in production
        AlignClocks();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _postgres.DisposeAsync();
        try
        {
            Directory.Delete(_shared, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ACode_RedeemedOnA_IsRefusedOnB_WhileAnUnusedOneIsRedeemedThere()
    {
        var unused = await _a.SignInAsync(null);
        var (status, body) = await _b.RedeemCodeAsync(unused);
        Assert.True(status == HttpStatusCode.OK, body.ToString());

        var code = await _a.SignInAsync(null);
        (status, body) = await _a.RedeemCodeAsync(code);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        (status, body) = await _b.RedeemCodeAsync(code);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnAssertionConsumedOnA_IsRecordedForB()
    {
        var request = await _a.AuthorizeAsync();
        var assertion = _a.Federation.NewAssertion(_a.AcsUrl, _a.EntityId, request.Id, "alice@contoso.com", null);
        using (var acs = await _a.PostAcsAsync(_a.Federation.Response(assertion, _a.AcsUrl, request.Id)))
        {
            OAuthFlow.CodeFrom(acs);
        }

        // Each node's entity id is its own loopback URL here, so the same Response posted to B would fail on its
        // audience first; B's replay cache (the one its assertion consumer uses) is asked directly instead.
        var replay = _b.Services.GetRequiredService<IAssertionReplayCache>();
        Assert.False(replay.TryAdd(assertion.Id, _b.Clock.GetUtcNow().AddHours(1)));
        Assert.True(replay.TryAdd("_" + Guid.NewGuid().ToString("N"), _b.Clock.GetUtcNow().AddHours(1)));
    }

    [Fact]
    public async Task RevokeSessions_ThroughNodeAsAdminManager_RefusesTheRefreshOnB()
    {
        var tokens = await _a.SignInAndRedeemAsync(null);
        var (status, body) = await _b.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var rotated = body.GetProperty("refresh_token").GetString()!;

        _a.Clock.Advance(TimeSpan.FromSeconds(1));
        var revoked = await _a.Services.GetRequiredService<UserManager>().RevokeSessionsAsync("alice@contoso.com", null, "admin", CancellationToken.None);
        Assert.True(revoked.Succeeded, revoked.Error?.Message);
        AlignClocks();

        (status, body) = await _b.RefreshAsync(rotated);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ACrlRefreshRequestedThroughA_IsActedOnOnceByEachNode()
    {
        await _a.Services.GetRequiredService<ICrlRefreshRequestStore>().RequestAsync(TokenServiceHost.IssuingCaId, "test");
        Assert.Equal([TokenServiceHost.IssuingCaId], await _b.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None));
        Assert.Equal([TokenServiceHost.IssuingCaId], await _a.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None));
        Assert.Empty(await _b.Services.GetRequiredService<CrlRefreshRequestWatcher>().PollOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AFederationTrustOrAClientRemovedOnA_IsRefusedOnB()
    {
        var request = await _b.AuthorizeAsync();
        var removed = await _a.Services.GetRequiredService<FederationTrustManager>().RemoveAsync(TokenServiceHost.FederationEntityId, "admin", CancellationToken.None);
        Assert.True(removed.Succeeded, removed.Error?.Message);
        var assertion = _a.Federation.NewAssertion(_b.AcsUrl, _b.EntityId, request.Id, "alice@contoso.com", null);
        using (var acs = await _b.PostAcsAsync(_a.Federation.Response(assertion, _b.AcsUrl, request.Id)))
        {
            Assert.True((int)acs.StatusCode is >= 400 and < 500, $"HTTP {(int)acs.StatusCode} {acs.Headers.Location}");
        }

        var client = await _a.Services.GetRequiredService<OAuthClientManager>().RemoveAsync(TokenServiceHost.PublicClientId, "admin", CancellationToken.None);
        Assert.True(client.Succeeded, client.Error?.Message);

        // B read the client for the first authorize: past B's client cache (TokenService:ClientCacheLifetime, the bound
        // for a change made on another node), as 2 s later in production.
        _b.Clock.Advance(_b.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TokenServiceOptions>>().Value.ClientCacheLifetime);
        using var authorize = await _b.Client.GetAsync(OAuthFlow.AuthorizeUrl(challenge: OAuthFlow.Challenge()));
        Assert.True((int)authorize.StatusCode is >= 400 and < 500, $"HTTP {(int)authorize.StatusCode} {authorize.Headers.Location}");
    }

    /// <summary>Moves the earlier of the two fake clocks to the later one (the nodes started a moment apart).</summary>
    private void AlignClocks()
    {
        var a = _a.Clock.GetUtcNow();
        var b = _b.Clock.GetUtcNow();
        if (a < b)
        {
            _a.Clock.Advance(b - a);
        }
        else if (b < a)
        {
            _b.Clock.Advance(a - b);
        }
    }

    private void Shared(Dictionary<string, string?> settings)
    {
        settings["Storage:Provider"] = "PostgreSQL";
        settings["Storage:ConnectionString"] = _postgres.ConnectionString;
        settings["TokenService:DataProtection:Certificate:Path"] = Path.Combine(_shared, "dp.pfx");
        settings["TokenService:DataProtection:Certificate:Password"] = "test";

        // The watchers' own schedule (on the fake clock) never fires during a test, so the polls the test runs are the
        // only ones after start-up and each one's answer is what that node did.
        settings["TokenService:CrlRefreshPollInterval"] = "00:10:00";
    }
}
