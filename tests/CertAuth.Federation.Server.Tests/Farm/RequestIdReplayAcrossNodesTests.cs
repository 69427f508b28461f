using System.Net;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CertAuth.Federation.Server.Tests.Farm;

/// <summary>
/// A node of a two-node federation-server farm in one test process (issue 13): both nodes have the same public URL
/// (<c>Federation:PublicUrl</c>, as behind a load balancer, so a request's Destination names both), the same database
/// and the same working folder; the second node listens (real Kestrel TLS) on a port of its own
/// (<c>Federation:ConfigureKestrel=false</c> and its own https listener), which <see cref="FederationServerHarness.PublicUrl"/> names.
/// </summary>
public class FarmNodeHarness : FederationServerHarness
{
    /// <summary>A SAML 2.0 party with a SingleLogoutService whose LogoutRequests are signed with <see cref="FederationServerHarness.RequestSigner"/>.</summary>
    public const string SloRp = "urn:test:farm-slo";

    private readonly FarmNodeHarness? _first;
    private readonly Action<Dictionary<string, string?>> _store;

    /// <summary>The first node; <paramref name="store"/> sets its (and the second node's) <c>Storage:*</c> settings, or leaves the harness's SQLite file.</summary>
    public FarmNodeHarness(Action<Dictionary<string, string?>>? store = null)
    {
        _store = store ?? (_ => { });
    }

    /// <summary>The second node of <paramref name="first"/>'s farm.</summary>
    public FarmNodeHarness(FarmNodeHarness first)
        : base(first)
    {
        _first = first;
        _store = first._store;
    }

    /// <summary>The public URL every node is configured with (the first node's listener).</summary>
    public Uri SharedPublicUrl => (_first ?? this).PublicUrl;

    /// <summary>This node's SAML endpoint.</summary>
    public string SsoUrl => new Uri(PublicUrl, "/adfs/ls/").AbsoluteUri;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Federation:RelyingParties:2:EntityId"] = SloRp;
        settings["Federation:RelyingParties:2:AssertionConsumerServiceUrls:0"] = "https://farm-slo.test/acs";
        settings["Federation:RelyingParties:2:RequestSigningCertificate"] = "rp-signing.cer";
        settings["Federation:RelyingParties:2:SingleLogoutServiceUrl"] = "https://farm-slo.test/slo";
        settings["Federation:RelyingParties:2:SingleLogoutServiceBinding"] = "Redirect";
        _store(settings);
        if (_first is not null)
        {
            settings["Federation:PublicUrl"] = _first.PublicUrl.AbsoluteUri;
            settings["Federation:ConfigureKestrel"] = "false";
            settings["Kestrel:EndpointDefaults:ClientCertificateMode"] = "AllowCertificate";
        }
    }

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        if (_first is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(PublicUrl.Port, listen => listen.UseHttps(Pki.Tls)));
        }
    }
}

/// <summary>
/// Issue 13: the AuthnRequest and LogoutRequest replay checks hold across the nodes of a farm, because the accepted
/// request IDs are rows of the federation store (<c>fs_request_id_replay</c>) rather than each node's memory. A request
/// accepted by node A and replayed to node B is refused there with the code a replay has on one node.
/// </summary>
public abstract class RequestIdReplayAcrossNodesTests : IAsyncLifetime
{
    private readonly HttpRedirectBinding _redirect = new();

    protected FarmNodeHarness A { get; private set; } = null!;

    protected FarmNodeHarness B { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        A = new FarmNodeHarness(ConfigureStore);
        await A.InitializeAsync();
        B = new FarmNodeHarness(A);
        await B.InitializeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }

    protected abstract void ConfigureStore(Dictionary<string, string?> settings);

    [Fact]
    public async Task AnAuthnRequestAcceptedByA_ReplayedToB_IsRefusedWithCaf1202_WhileAFreshOneIsAcceptedByB()
    {
        var request = AuthnRequest();
        using var client = A.CreateClient();

        using (var first = await client.GetAsync(RedirectUrl(A, request)))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        var replayed = await SignInPage.ReadAsync(await client.GetAsync(RedirectUrl(B, request)));
        Assert.Equal(HttpStatusCode.BadRequest, replayed.Status);
        Assert.Equal("CAF1202", replayed.ErrorCode);

        using var fresh = await client.GetAsync(RedirectUrl(B, AuthnRequest()));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    [Fact]
    public async Task ALogoutRequestAcceptedByA_ReplayedToB_IsRefusedWithCaf1213()
    {
        var url = LogoutQuery(LogoutRequest());
        using var client = A.CreateClient();

        // A has no session for it: it answers the party (UnknownPrincipal) — the ID is recorded all the same.
        using (var first = await client.GetAsync(A.SsoUrl + "?" + url))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
            Assert.StartsWith("https://farm-slo.test/slo?", first.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        }

        using var replayed = await client.GetAsync(B.SsoUrl + "?" + url);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("CAF1213", (await SignInPage.ReadAsync(replayed)).ErrorCode);

        // An AuthnRequest that happens to carry the same ID is another kind of request: not a replay of it.
        var request = AuthnRequest();
        request.Id = ReplayedLogoutId;
        using var signIn = await client.GetAsync(RedirectUrl(B, request));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task TheRow_ExpiresWithTheRequestWindow_AndIsPurged()
    {
        var request = AuthnRequest();
        using var client = A.CreateClient();
        using (var first = await client.GetAsync(RedirectUrl(A, request)))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        Assert.Equal(1, await RowsAsync());

        // Past the window (SignInContextLifetime + twice the clock skew after IssueInstant) and the purge interval, the next
        // accepted request on either node deletes the row; the old request itself is now refused as stale (a SAML error Response at its ACS), not as a replay.
        A.Clock.Advance(TimeSpan.FromHours(1));
        using (var later = await client.GetAsync(RedirectUrl(B, AuthnRequest())))
        {
            Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        }

        Assert.Equal(1, await RowsAsync());
        var stale = await SignInPage.ReadAsync(await client.GetAsync(RedirectUrl(A, request)));
        Assert.Equal(FederationServerHarness.AcsUrl, stale.FormAction);
        Assert.NotEqual("urn:oasis:names:tc:SAML:2.0:status:Success", SamlXml.Value(stale.SamlResponse(), "/samlp:Response/samlp:Status/samlp:StatusCode/@Value"));
        Assert.Equal(1, await RowsAsync());
    }

    protected async Task<int> RowsAsync()
    {
        await using var db = await A.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync();
        return await db.RequestIdReplays.CountAsync();
    }

    protected string RedirectUrl(FarmNodeHarness node, AuthnRequest request) =>
        _redirect.BuildRedirectUrl(node.SsoUrl, "SAMLRequest", new AuthnRequestWriter().Write(request));

    protected AuthnRequest AuthnRequest() => new()
    {
        Id = new SamlIdGenerator().NewId(),
        IssueInstant = A.Clock.GetUtcNow(),
        Destination = new Uri(A.SharedPublicUrl, "/adfs/ls/").AbsoluteUri,
        Issuer = FederationServerHarness.RelyingPartyId,
        AssertionConsumerServiceUrl = FederationServerHarness.AcsUrl,
        ProtocolBinding = SamlBindingUris.HttpPost,
    };

    private string ReplayedLogoutId { get; } = "_logout-" + Guid.NewGuid().ToString("N");

    protected LogoutRequest LogoutRequest() => new()
    {
        Id = ReplayedLogoutId,
        IssueInstant = A.Clock.GetUtcNow(),
        Destination = new Uri(A.SharedPublicUrl, "/adfs/ls/").AbsoluteUri,
        Issuer = FarmNodeHarness.SloRp,
        NotOnOrAfter = A.Clock.GetUtcNow().AddMinutes(5),
        NameId = new NameId { Value = "alice@contoso.com" },
    };

    protected string LogoutQuery(LogoutRequest request) =>
        _redirect.EncodeQueryString("SAMLRequest", new LogoutMessageWriter().Write(request), null, A.RequestSigner);
}

/// <summary>The two nodes on one SQLite file.</summary>
public sealed class SqliteRequestIdReplayAcrossNodesTests : RequestIdReplayAcrossNodesTests
{
    protected override void ConfigureStore(Dictionary<string, string?> settings)
    {
    }
}

/// <summary>
/// The two nodes on one PostgreSQL database (a private throwaway server, as <see cref="DatabaseOutageTests"/>), and the
/// outage case: a store that cannot record the request ID fails closed, with the themed 503 page CAF1302.
/// </summary>
public sealed class PostgreSqlRequestIdReplayAcrossNodesTests : RequestIdReplayAcrossNodesTests
{
    private PostgresCluster _postgres = null!;

    public override async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    protected override void ConfigureStore(Dictionary<string, string?> settings)
    {
        settings["Storage:Provider"] = "PostgreSQL";

        // A short command timeout, so the outage test's locked table times the insert out quickly.
        settings["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { CommandTimeout = 3 }.ConnectionString;
    }

    [Fact]
    public async Task WhenTheRequestIdCannotBeRecorded_TheRequestGets503Caf1302_NotA500_AndIsNotAccepted()
    {
        var request = AuthnRequest();
        var logout = LogoutQuery(LogoutRequest());
        using var client = B.CreateClient();

        // The table is held by another session: the node's insert cannot complete (the store is unavailable for it)
        // while everything it reads (the relying party, its key) still works.
        await using (var locker = new NpgsqlConnection(_postgres.ConnectionString))
        {
            await locker.OpenAsync();
            await using var transaction = await locker.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("LOCK TABLE fs_request_id_replay IN ACCESS EXCLUSIVE MODE", locker, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            var refused = await SignInPage.ReadAsync(await client.GetAsync(RedirectUrl(B, request)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
            Assert.Equal("CAF1302", refused.ErrorCode);
            Assert.DoesNotContain("Exception", refused.Html, StringComparison.Ordinal);

            using var logoutRefused = await client.GetAsync(B.SsoUrl + "?" + logout);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, logoutRefused.StatusCode);
            Assert.Equal("CAF1302", (await SignInPage.ReadAsync(logoutRefused)).ErrorCode);
            await transaction.RollbackAsync();
        }

        // Nothing was recorded: with the store back, the same requests are accepted once.
        Assert.Equal(0, await RowsAsync());
        using var accepted = await client.GetAsync(RedirectUrl(B, request));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        using var logoutAccepted = await client.GetAsync(B.SsoUrl + "?" + logout);
        Assert.Equal(HttpStatusCode.Redirect, logoutAccepted.StatusCode);
    }
}
