using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Administration;
using CertAuth.Federation.Administration.FederationTrusts;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Hosting;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>
/// Issue 13 item 2, the token service's half: it trusts the federation server by metadata URL and refreshes it on a
/// schedule, so a token-signing rollover needs no admin step there. Both real servers (Kestrel TLS, one fake clock): the
/// federation server's configured certificate expires 12 hours after the start, a secondary is generated 10 hours before
/// that and promoted 2 hours later, the old one kept 2 hours; the token service refreshes the metadata every minute over
/// https, its TLS certificate checked against the configured root.
/// </summary>
public sealed class FederationMetadataRolloverTests : IAsyncLifetime
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);
    private readonly RolloverFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Rollover_TheTokenServiceTrustsTheSecondaryBeforeItSigns_AcceptsTheNewPrimary_AndDropsTheRetiredOne()
    {
        var original = _fixture.ShortLivedSigning;
        Assert.Equal([original.RawData], await TrustedAsync());
        await SignInAsync();

        // The federation server generates the secondary; the token service's next refresh trusts it (signed metadata,
        // verified with the original certificate it already trusts).
        _fixture.Clock.Advance(TimeSpan.FromHours(2) + Refresh);
        var trusted = await AdvanceUntilAsync(certificates => certificates.Count == 2);
        var secondary = Assert.Single(trusted, c => !c.SequenceEqual(original.RawData));
        var federation = _fixture.Services.GetRequiredService<ITokenSigningCertificates>();
        Assert.Equal(original.Thumbprint, federation.Primary.Thumbprint); // trusted before it signs

        // Promotion: the federation server signs with the new certificate; the token service accepts its tokens with
        // no step on its side.
        _fixture.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(secondary, federation.Primary.RawData);
        await SignInAsync();

        // After the keep period the federation server stops publishing the old certificate, and the token service drops it.
        _fixture.Clock.Advance(TimeSpan.FromHours(2) + Refresh);
        Assert.Equal([secondary], await AdvanceUntilAsync(certificates => certificates.Count == 1));
        await SignInAsync();

        var audit = await _fixture.TokenServiceServices.GetRequiredService<IAuditLog>().ListAsync();
        Assert.Equal(2, audit.Count(e => e.Action == "federation.metadata-refresh" && e.Actor == FederationTrustMetadataManager.RefreshActor));
    }

    [Fact]
    public async Task TamperedUnsignedOrForeignSignedMetadata_IsRefused_AndTheTrustKeepsItsCertificates()
    {
        using var client = _fixture.CreateClient(null);
        var genuine = await client.GetStringAsync(_fixture.MetadataUrl);
        var manager = _fixture.TokenServiceServices.GetRequiredService<FederationTrustMetadataManager>();
        using var attacker = CertificateFactory.CreateTokenSigning("CN=Attacker", _fixture.Clock.GetUtcNow().AddDays(-1), _fixture.Clock.GetUtcNow().AddDays(30));
        var attackerBase64 = Convert.ToBase64String(attacker.RawData);
        var originalBase64 = Convert.ToBase64String(_fixture.ShortLivedSigning.RawData);

        // The attacker's certificate put in place of the genuine one, signature left as it was: the digest no longer matches.
        var tampered = genuine.Replace(originalBase64, attackerBase64, StringComparison.Ordinal);
        Assert.NotEqual(genuine, tampered);

        // The same document with its signature removed.
        var unsigned = Load(tampered);
        unsigned.DocumentElement!.RemoveChild(unsigned.DocumentElement.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!);

        // A well-formed document, correctly signed, but by the attacker's key.
        var foreign = Load(unsigned.OuterXml);
        new XmlSigner().Sign(foreign.DocumentElement!, attacker);

        foreach (var (document, code) in new[] { (tampered, AdminCodes.MetadataSignature), (unsigned.OuterXml, AdminCodes.MetadataSignature), (foreign.OuterXml, AdminCodes.MetadataSignature), ("<x/>", AdminCodes.Metadata) })
        {
            var result = await manager.ApplyAsync(_fixture.EntityId, document, "test", default);
            Assert.False(result.Succeeded);
            Assert.Equal(code, result.Error!.Code);
        }

        Assert.Equal([_fixture.ShortLivedSigning.RawData], await TrustedAsync());

        // The genuine document is accepted (and changes nothing: it lists the same certificate).
        var accepted = await manager.ApplyAsync(_fixture.EntityId, genuine, "test", default);
        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        Assert.False(accepted.Value!.Changed);
    }

    private async Task SignInAsync()
    {
        using var alice = _fixture.IssueUserCertificate("alice", upn: "alice@contoso.com");
        var tokens = await _fixture.SignInWithCodeFlowAsync(alice);
        Assert.True(tokens.Succeeded, $"sign-in failed: {tokens.Status} {tokens.Error} {tokens.ErrorDescription} {tokens.Json} sign-in error {tokens.SignIn?.ErrorCode}");
    }

    private static XmlDocument Load(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(xml);
        return document;
    }

    private async Task<List<byte[]>> TrustedAsync()
    {
        var trust = await _fixture.TokenServiceServices.GetRequiredService<IFederationTrustStore>().FindByEntityIdAsync(_fixture.EntityId);
        return [.. trust!.SigningCertificates.Select(Convert.FromBase64String)];
    }

    /// <summary>
    /// Moves the clock a refresh interval at a time (each move fires both servers' schedules) until the token service's
    /// trust satisfies <paramref name="done"/>; bounded by attempts.
    /// </summary>
    private async Task<List<byte[]>> AdvanceUntilAsync(Func<List<byte[]>, bool> done)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            for (var poll = 0; poll < 20; poll++)
            {
                var trusted = await TrustedAsync();
                if (done(trusted))
                {
                    return trusted;
                }

                await Task.Delay(25);
            }

            _fixture.Clock.Advance(Refresh);
        }

        Assert.Fail("The token service's trust did not follow the federation server's metadata.");
        return [];
    }

    /// <summary>Both roles; the federation server with automatic rollover, the token service trusting it by metadata URL.</summary>
    private sealed class RolloverFixture : TokenServiceFixture
    {
        public RolloverFixture()
        {
            var start = Clock.GetUtcNow();
            ShortLivedSigning = CertificateFactory.CreateTokenSigning("CN=Metadata Rollover Test Signing", start.AddHours(-1), start.AddHours(12));
        }

        public X509Certificate2 ShortLivedSigning { get; }

        /// <summary>
        /// Starts both servers and puts alice in the federation server's directory. (The first version of this test
        /// signed in without her: the federation server answered CAF1101, no directory user for the certificate's UPN,
        /// which was the test's omission, not the rollover's.)
        /// </summary>
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await AddUserAsync("alice@contoso.com");
        }

        protected override void ConfigureSettings(IDictionary<string, string?> settings)
        {
            File.WriteAllBytes(Path.Combine(WorkingDirectory, "rollover-signing.pfx"), ShortLivedSigning.Export(X509ContentType.Pfx, FilePassword));
            File.WriteAllBytes(Path.Combine(WorkingDirectory, "rollover-signing.cer"), ShortLivedSigning.RawData);
            settings["Federation:SigningCertificate:Path"] = "rollover-signing.pfx";
            settings["Federation:TokenSigning:AutoCertificateRollover"] = "true";
            settings["Federation:TokenSigning:CertificateGenerationThreshold"] = "10:00:00";
            settings["Federation:TokenSigning:CertificatePromotionThreshold"] = "02:00:00";
            settings["Federation:TokenSigning:RetiredKeepPeriod"] = "02:00:00";
            settings["Federation:TokenSigning:CertificateLifetime"] = "1.00:00:00";
            settings["Federation:TokenSigning:RefreshInterval"] = "00:01:00";
        }

        protected override void ConfigureTokenServiceSettings(IDictionary<string, string?> settings)
        {
            settings["TokenService:FederationServers:0:SigningCertificates:0"] = "rollover-signing.cer";
            settings["TokenService:FederationServers:0:MetadataUrl"] = MetadataUrl.AbsoluteUri;
            settings["TokenService:FederationMetadata:RefreshInterval"] = "00:01:00";
            settings["TokenService:FederationMetadata:TrustedTlsRootCertificates:0"] = "root.cer";
        }
    }
}
