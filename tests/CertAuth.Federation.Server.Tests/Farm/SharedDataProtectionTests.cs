using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Server.Tests.Infrastructure;
using CertAuth.Federation.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Server.Tests.Farm;

/// <summary>
/// Issue 13: two federation-server nodes (real Kestrel TLS each) on one database. The sign-in context sealed by node A
/// when the SAML request arrives is opened by node B's certificate listener, because the data-protection key ring is in
/// the database — encrypted at rest with the configured certificate — rather than in each node's folder.
/// </summary>
public sealed class SharedDataProtectionTests : IAsyncLifetime
{
    private FarmNode _a = null!;
    private FarmNode _b = null!;

    public async Task InitializeAsync()
    {
        _a = new FarmNode();
        await _a.InitializeAsync();
        _b = new FarmNode(_a);
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task SignInContext_SealedOnNodeA_OpensOnNodeB()
    {
        using var client = _a.CreateClient(_a.Pki.Alice);
        using var first = await client.GetAsync(new Uri(_a.PublicUrl, "/adfs/ls/idpinitiatedsignon?loginToRp=" + Uri.EscapeDataString(FederationServerHarness.RelyingPartyId)));
        var certificateStep = FollowRedirectsToCertificateStep(first);
        Assert.Equal(_a.CertificateUrl.Port, certificateStep.Port);

        // The load balancer sends the certificate step to the other node.
        var onB = new UriBuilder(certificateStep) { Port = _b.CertificateUrl.Port }.Uri;
        using var clientB = _b.CreateClient(_b.Pki.Alice);
        using var response = await _b.FollowAsync(clientB, onB.AbsoluteUri);
        var page = await SignInPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(FederationServerHarness.AcsUrl, page.FormAction);
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:status:Success", SamlXml.Value(page.SamlResponse(), "/samlp:Response/samlp:Status/samlp:StatusCode/@Value"));
    }

    [Fact]
    public async Task KeyRing_IsInTheDatabase_EncryptedWithTheCertificate()
    {
        var factory = _a.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.Contains("EncryptedKey", k.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", k.Xml, StringComparison.Ordinal);
        });
        Assert.False(Directory.Exists(Path.Combine(_a.WorkingFolder, "keys")));
    }

    private static Uri FollowRedirectsToCertificateStep(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
        Assert.Contains("/adfs/ls/certauth", location.AbsolutePath, StringComparison.Ordinal);
        return location;
    }

    /// <summary>A node: keys in the database (no keys folder), protected with a data-protection certificate shared by the nodes.</summary>
    private sealed class FarmNode : FederationServerHarness
    {
        private const string CertificateFile = "data-protection.pfx";

        public FarmNode()
        {
        }

        public FarmNode(FarmNode first)
            : base(first)
        {
        }

        public string WorkingFolder => Folder;

        protected override void Configure(Dictionary<string, string?> settings)
        {
            var path = Path.Combine(Folder, CertificateFile);
            if (!File.Exists(path))
            {
                var now = Clock.GetUtcNow();
                using var certificate = CertAuth.Federation.Pki.CertificateFactory.CreateKeyEncryption("CN=Test Data Protection", now.AddDays(-1), now.AddYears(1));
                File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
            }

            settings.Remove("Federation:DataProtectionKeysPath");
            settings["Federation:DataProtection:Certificate:Path"] = CertificateFile;
            settings["Federation:DataProtection:Certificate:Password"] = Password;
        }
    }
}
