using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Metadata;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.Testing;
using CertAuth.Federation.TokenService.Saml;
using CertAuth.Federation.TokenService.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CertAuth.Federation.TokenService.Tests.Saml;

/// <summary>
/// Issue 13 item 2: a failed metadata refresh keeps the trust's last good signing certificates and is reported (event
/// 3451 for a fetch that failed, 3452 with the CAA code for a document refused; the trust's <c>MetadataRefreshedAt</c>
/// does not move), and the next good document is picked up. The token service runs on real Kestrel TLS in the
/// Development environment; its trust's metadata URL is the test kit's loopback HTTP server (plain http to loopback is
/// fetched only in Development), which answers what each case needs; the refresh round is run directly, the schedule
/// (one day) never fires.
/// </summary>
public sealed class FederationMetadataFetchFailureTests : IAsyncLifetime
{
    private const string Path = "/FederationMetadata/2007-06/FederationMetadata.xml";
    private const int MaxBytes = 64 * 1024;
    private LoopbackCrlServer _metadata = null!;
    private TokenServiceHost _host = null!;
    private Func<LoopbackResponse> _respond = () => new LoopbackResponse(503, []);

    public async Task InitializeAsync()
    {
        _metadata = await LoopbackCrlServer.StartAsync();
        _metadata.Serve(Path, () => _respond());
        _host = await TokenServiceHost.StartAsync(settings =>
        {
            settings["TokenService:FederationServers:0:MetadataUrl"] = _metadata.Url(Path).AbsoluteUri;
            settings["TokenService:FederationMetadata:RefreshInterval"] = "1.00:00:00";
            settings["TokenService:FederationMetadata:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

        // The start-up round (503) has run before the test drives its own rounds.
        for (var i = 0; i < 400 && !_host.Logs.Entries.Any(e => e.EventId == 3451); i++)
        {
            await Task.Delay(25);
        }

        Assert.Contains(_host.Logs.Entries, e => e.EventId == 3451 && e.Message.Contains("503", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _metadata.DisposeAsync();
    }

    [Fact]
    public async Task EveryKindOfFailure_KeepsTheLastGoodKeys_IsReported_AndRecoveryPicksUpTheNewDocument()
    {
        var original = _host.Federation.SigningCertificate;
        var now = _host.Clock.GetUtcNow();
        using var rolled = CertificateFactory.CreateTokenSigning("CN=Rolled Federation Token Signing", now.AddDays(-1), now.AddYears(1));
        using var attacker = CertificateFactory.CreateTokenSigning("CN=Attacker", now.AddDays(-1), now.AddYears(1));
        var manager = _host.Services.GetRequiredService<FederationTrustManager>();
        var genuineUrl = _metadata.Url(Path).AbsoluteUri;

        // Server down: nothing listens at the URL.
        var down = $"http://127.0.0.1:{LoopbackPort.Next()}{Path}";
        Assert.True((await manager.SetMetadataUrlAsync(TokenServiceHost.FederationEntityId, down, "test", default)).Succeeded);
        await AssertKeptAsync(3451, "127.0.0.1", original);
        Assert.True((await manager.SetMetadataUrlAsync(TokenServiceHost.FederationEntityId, genuineUrl, "test", default)).Succeeded);

        var cases = new (string Name, LoopbackResponse Response, int EventId, string Reported)[]
        {
            ("500", Xml(500, Document([original, rolled], original)), 3451, "answered 500"),
            ("unsigned", Xml(200, Document([original, rolled], signWith: null)), 3452, AdminCodes.MetadataSignature),
            ("signed by an unknown key", Xml(200, Document([original, rolled], attacker)), 3452, AdminCodes.MetadataSignature),
            ("signed, then altered", Xml(200, Document([original, rolled], original).Replace(Convert.ToBase64String(rolled.RawData), Convert.ToBase64String(attacker.RawData), StringComparison.Ordinal)), 3452, AdminCodes.MetadataSignature),
            ("oversize with a length", new LoopbackResponse(200, new byte[MaxBytes + 1]), 3451, $"more than {MaxBytes} bytes"),
            ("oversize streamed", new LoopbackResponse(200, new byte[MaxBytes + 1], OmitContentLength: true), 3451, $"more than {MaxBytes} bytes"),
            ("garbage", Xml(200, "<<<this is not metadata"), 3452, AdminCodes.Metadata),
        };
        foreach (var (name, response, eventId, reported) in cases)
        {
            _respond = () => response;
            await AssertKeptAsync(eventId, reported, original, name);
        }

        // Recovery: the federation server publishes its next certificate in a document signed with the current one.
        _respond = () => Xml(200, Document([original, rolled], original));
        var before = _host.Logs.Entries.Count;
        await RefreshAsync();
        var trust = await TrustAsync();
        Assert.Equal([original.RawData, rolled.RawData], trust.SigningCertificates.Select(Convert.FromBase64String));
        Assert.Equal(_host.Clock.GetUtcNow(), trust.MetadataRefreshedAt);
        Assert.Contains(_host.Logs.Entries.Skip(before), e => e.EventId == 3450 && e.Message.Contains(TokenServiceHost.FederationEntityId, StringComparison.Ordinal));
    }

    private async Task AssertKeptAsync(int eventId, string reported, X509Certificate2 original, string? name = null)
    {
        var before = _host.Logs.Entries.Count;
        await RefreshAsync();
        var trust = await TrustAsync();
        Assert.True(trust.SigningCertificates.SequenceEqual([Convert.ToBase64String(original.RawData)]), $"{name}: the trusted certificates changed");
        Assert.True(trust.MetadataRefreshedAt is null, $"{name}: MetadataRefreshedAt moved");
        var entries = _host.Logs.Entries.Skip(before).ToList();
        Assert.True(
            entries.Any(e => e.EventId == eventId && e.Message.Contains(TokenServiceHost.FederationEntityId, StringComparison.Ordinal) && e.Message.Contains(reported, StringComparison.Ordinal)),
            $"{name}: no event {eventId} with '{reported}' in: {string.Join(" | ", entries.Select(e => $"{e.EventId} {e.Message}"))}");
        Assert.DoesNotContain(entries, e => e.EventId == 3450);
    }

    private Task RefreshAsync() =>
        _host.Services.GetServices<IHostedService>().OfType<FederationMetadataRefresher>().Single().RefreshAllAsync(CancellationToken.None);

    private async Task<Storage.Entities.FederationTrustRecord> TrustAsync() =>
        (await _host.Services.GetRequiredService<IFederationTrustStore>().FindByEntityIdAsync(TokenServiceHost.FederationEntityId))!;

    private static LoopbackResponse Xml(int status, string xml) =>
        new(status, Encoding.UTF8.GetBytes(xml)) { ContentType = "application/samlmetadata+xml" };

    private string Document(X509Certificate2[] certificates, X509Certificate2? signWith)
    {
        var entity = new EntityDescriptor { EntityId = TokenServiceHost.FederationEntityId, Id = new SamlIdGenerator().NewId(), ValidUntil = _host.Clock.GetUtcNow().AddDays(1) };
        var idp = new IdpSsoDescriptor();
        foreach (var certificate in certificates)
        {
            idp.SigningCertificates.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
        }

        idp.SingleSignOnServices.Add(new SamlEndpoint { Binding = SamlBindingUris.HttpRedirect, Location = TokenServiceHost.FederationSsoUrl });
        entity.IdpSsoDescriptor = idp;
        var document = new MetadataWriter().Write(entity);
        if (signWith is not null)
        {
            new XmlSigner().Sign(document.DocumentElement!, signWith);
        }

        return document.OuterXml;
    }
}
