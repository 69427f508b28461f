using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Administration.Keys;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.Farm;

/// <summary>
/// Issue 13 item 2: token-signing certificate rollover as AD FS does it, through two real federation-server nodes
/// (Kestrel TLS each) on one database and one <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>. The
/// configured certificate expires 12 hours after the start; with a generation threshold of 10 hours a node generates the
/// secondary once the clock passes 2 hours; it is published by both nodes at once but signs nothing until its promotion
/// 2 hours later; from then both nodes sign with it, the old one stays in metadata for the 2-hour keep period, then drops
/// out. CRLs stay valid for a day, so sign-ins keep working over the 7 fake hours.
/// </summary>
public sealed class TokenSigningRolloverTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AutoRollover_GeneratesASecondary_PublishesItBeforeItSigns_PromotesIt_AndDropsTheOldOneAfterTheKeepPeriod()
    {
        await using var a = new RolloverNode();
        await a.InitializeAsync();
        await using var b = new RolloverNode(a);
        await b.InitializeAsync();
        var original = a.ShortLivedSigning;

        // Start: the configured certificate was imported as the only (primary) certificate.
        var metadata = await MetadataAsync(a);
        Assert.Equal([original.Thumbprint], KeysOf(metadata));
        Assert.Equal(original.Thumbprint, SignerOf(metadata.DocumentElement!, [original]));

        // 2 hours and a minute later the primary is within 10 hours of its expiry: one node generates the secondary.
        a.Clock.Advance(TimeSpan.FromHours(2) + Refresh);
        var onA = await WaitForKeysAsync(a, 2);
        var onB = await WaitForKeysAsync(b, 2);
        Assert.Equal(onA, onB);
        var secondaryThumbprint = Assert.Single(onA, t => t != original.Thumbprint);
        var stored = await a.Services.GetRequiredService<ITokenSigningCertificateStore>().ListAsync();
        Assert.Equal(2, stored.Count); // one generated for the farm, not one per node
        var secondaryRecord = Assert.Single(stored, r => r.Succeeds == TokenSigningCertificateMaterial.Thumbprint(original));
        using var secondary = X509CertificateLoader.LoadCertificate(secondaryRecord.Certificate);
        Assert.Equal(secondaryThumbprint, secondary.Thumbprint);
        var audit = await a.Services.GetRequiredService<IAuditLog>().ListAsync();
        Assert.Single(audit, e => e.Action == "signing-cert.rollover" && e.Actor == TokenSigningCertificateManager.AutoRolloverActor);

        // Published, but not signing: assertions from both nodes and the metadata are still signed by the original.
        Assert.Equal(original.Thumbprint, await AssertionSignerAsync(a, [original, secondary]));
        Assert.Equal(original.Thumbprint, await AssertionSignerAsync(b, [original, secondary]));
        Assert.Equal(original.Thumbprint, SignerOf((await MetadataAsync(b)).DocumentElement!, [original, secondary]));

        // The promotion time passes: both nodes sign with the new primary, without any further store read or restart.
        a.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(secondary.Thumbprint, await AssertionSignerAsync(a, [original, secondary]));
        Assert.Equal(secondary.Thumbprint, await AssertionSignerAsync(b, [original, secondary]));
        metadata = await MetadataAsync(a);
        Assert.Equal(secondary.Thumbprint, SignerOf(metadata.DocumentElement!, [original, secondary]));
        Assert.Equal([secondary.Thumbprint, original.Thumbprint], KeysOf(metadata)); // primary first, the retired one kept

        // After the keep period the retired certificate is no longer published.
        a.Clock.Advance(TimeSpan.FromHours(2) + Refresh);
        Assert.Equal([secondary.Thumbprint], KeysOf(await MetadataAsync(a)));
        Assert.Equal([secondary.Thumbprint], KeysOf(await MetadataAsync(b)));
        Assert.Equal(secondary.Thumbprint, await AssertionSignerAsync(b, [original, secondary]));
    }

    [Fact]
    public async Task Promote_OnOneNode_IsTakenByTheOther_AtTheSameMoment()
    {
        await using var a = new RolloverNode { Automatic = false };
        await a.InitializeAsync();
        await using var b = new RolloverNode(a) { Automatic = false };
        await b.InitializeAsync();
        var original = a.ShortLivedSigning;
        var manager = a.Services.GetRequiredService<TokenSigningCertificateManager>();
        var dataProtection = a.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();

        // Manual mode: no secondary appears by itself, even inside the generation threshold.
        a.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Single((await manager.ListAsync(TimeSpan.FromHours(2), default)).Value!);

        var added = await manager.RolloverAsync(dataProtection, "CN=Manual Rollover", TimeSpan.FromDays(2), TimeSpan.FromDays(1), "test-admin", default);
        Assert.True(added.Succeeded, added.Error?.Message);
        a.Clock.Advance(Refresh); // node B re-reads the store on its next use after the refresh interval
        await WaitForKeysAsync(b, 2);

        var promoted = await manager.PromoteAsync(added.Value!.Record.Thumbprint, 2 * Refresh, "test-admin", default);
        Assert.True(promoted.Succeeded, promoted.Error?.Message);
        using var secondary = X509CertificateLoader.LoadCertificate(added.Value.Record.Certificate);

        // Until the promotion time both still sign with the original (node B may not have read the change yet, and need not).
        Assert.Equal(original.Thumbprint, await AssertionSignerAsync(b, [original, secondary]));
        // One refresh interval later every node has re-read the rows on its schedule (idle or not): A, where the change
        // was made, and B, which shares only the database with it.
        a.Clock.Advance(Refresh);
        var promotesAt = promoted.Value!.Record.PromotesAt;
        foreach (var node in new[] { a, b })
        {
            await WaitUntilAsync(() => node.Services.GetRequiredService<StoredTokenSigningCertificates>().Classify()
                .Any(c => c.Record.Thumbprint == added.Value.Record.Thumbprint && c.Record.PromotesAt == promotesAt));
        }

        a.Clock.Advance(Refresh);
        Assert.Equal(secondary.Thumbprint, await AssertionSignerAsync(b, [original, secondary]));
        Assert.Equal(secondary.Thumbprint, await AssertionSignerAsync(a, [original, secondary]));

        // A second promote is refused: the certificate is the primary now.
        var again = await manager.PromoteAsync(added.Value.Record.Thumbprint, TimeSpan.Zero, "test-admin", default);
        Assert.Equal(Administration.AdminCodes.SigningCertificateState, again.Error?.Code);
    }

    [Fact]
    public async Task RolloverOff_TheConfiguredCertificateIsTheOnlyKey_AndTheStoreIsNotUsed()
    {
        var server = new FederationServerHarness();
        try
        {
            await server.InitializeAsync();

            Assert.IsType<FixedTokenSigningCertificates>(server.Services.GetRequiredService<ITokenSigningCertificates>());
            Assert.Equal([server.Pki.TokenSigning.Thumbprint], KeysOf(await MetadataAsync(server)));
            Assert.Empty(await server.Services.GetRequiredService<ITokenSigningCertificateStore>().ListAsync());
            Assert.Equal(server.Pki.TokenSigning.Thumbprint, await AssertionSignerAsync(server, [server.Pki.TokenSigning]));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<XmlDocument> MetadataAsync(FederationServerHarness node)
    {
        using var client = node.CreateClient();
        var xml = await client.GetStringAsync(new Uri(node.PublicUrl, "/FederationMetadata/2007-06/FederationMetadata.xml"));
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(xml);
        return document;
    }

    /// <summary>The thumbprints of the IDPSSODescriptor's signing KeyDescriptors, in document order.</summary>
    private static List<string> KeysOf(XmlDocument metadata)
    {
        var ns = SamlXml.Namespaces(metadata);
        return [.. metadata.SelectNodes("//md:IDPSSODescriptor/md:KeyDescriptor[@use='signing']//ds:X509Certificate", ns)!.Cast<XmlElement>()
            .Select(e => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(e.InnerText)).Thumbprint)];
    }

    /// <summary>Which of <paramref name="candidates"/> signed <paramref name="element"/> (the verifier throws when none did).</summary>
    private static string SignerOf(XmlElement element, X509Certificate2[] candidates) =>
        new SignatureVerifier().Verify(element, candidates).Valid().SigningCertificate.Thumbprint;

    /// <summary>Signs alice in to the test relying party on <paramref name="node"/> and returns the assertion's signer.</summary>
    private static async Task<string> AssertionSignerAsync(FederationServerHarness node, X509Certificate2[] candidates)
    {
        using var client = node.CreateClient(node.Pki.Alice);
        using var http = await node.FollowAsync(client, new Uri(node.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + FederationServerHarness.RelyingPartyId).AbsoluteUri);
        var page = await SignInPage.ReadAsync(http);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var response = page.SamlResponse();
        var assertion = (XmlElement)response.SelectSingleNode("//saml:Assertion", SamlXml.Namespaces(response))!;
        return SignerOf(assertion, candidates);
    }

    /// <summary>
    /// Reads the node's metadata until it publishes <paramref name="count"/> signing keys (a node re-reads the store in the
    /// background after its refresh interval, and the generating node right after its check); bounded by attempts.
    /// </summary>
    private static async Task<List<string>> WaitForKeysAsync(FederationServerHarness node, int count)
    {
        List<string> keys = [];
        for (var attempt = 0; attempt < 400; attempt++)
        {
            keys = KeysOf(await MetadataAsync(node));
            if (keys.Count == count)
            {
                return keys;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"The node published {keys.Count} signing keys, expected {count}.");
        return keys;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 400 && !condition(); attempt++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "The node did not re-read the store.");
    }

    /// <summary>A node with rollover on: a configured signing certificate that expires 12 hours after the start, short thresholds.</summary>
    private sealed class RolloverNode : FederationServerHarness, IAsyncDisposable
    {
        private const string SigningFile = "rollover-signing.pfx";

        public RolloverNode()
        {
            var start = Clock.GetUtcNow();
            ShortLivedSigning = CertAuth.Federation.Pki.CertificateFactory.CreateTokenSigning("CN=Rollover Test Signing", start.AddHours(-1), start.AddHours(12));
        }

        public RolloverNode(RolloverNode first)
            : base(first)
        {
            ShortLivedSigning = first.ShortLivedSigning;
        }

        public X509Certificate2 ShortLivedSigning { get; }

        public bool Automatic { get; init; } = true;

        protected override void Configure(Dictionary<string, string?> settings)
        {
            var path = Path.Combine(Folder, SigningFile);
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, ShortLivedSigning.Export(X509ContentType.Pfx, Password));
            }

            settings["Federation:SigningCertificate:Path"] = SigningFile;
            settings["Federation:TokenSigning:StoredCertificates"] = "true";
            settings["Federation:TokenSigning:AutoCertificateRollover"] = Automatic ? "true" : "false";
            settings["Federation:TokenSigning:CertificateGenerationThreshold"] = "10:00:00";
            settings["Federation:TokenSigning:CertificatePromotionThreshold"] = "02:00:00";
            settings["Federation:TokenSigning:RetiredKeepPeriod"] = "02:00:00";
            settings["Federation:TokenSigning:CertificateLifetime"] = "1.00:00:00";
            settings["Federation:TokenSigning:RefreshInterval"] = "00:01:00";
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
