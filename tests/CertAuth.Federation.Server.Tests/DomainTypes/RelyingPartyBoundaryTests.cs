using System.Runtime.CompilerServices;
using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Server.RelyingParties;
using CertAuth.Federation.Server.Sessions;
using CertAuth.Federation.Server.SignIn;
using CertAuth.Federation.Server.Tests.Pages;
using CertAuth.Federation.Server.Tests.WsFederation;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using static CertAuth.Federation.Tests.Shared.SignatureScan;

namespace CertAuth.Federation.Server.Tests.DomainTypes;

/// <summary>
/// Issue 12 item 2 (trusts): the federation server's sign-in, single logout and relying-party code see relying-party
/// trusts as <see cref="RelyingPartyTrust"/>, a record of the server's own mapped from <see cref="RelyingPartyRecord"/>
/// at the resolver (<see cref="StoreRelyingPartyResolver"/>), and directory users as <see cref="DirectoryUser"/>. No
/// other type of the SignIn, Sessions, RelyingParties and Domain namespaces names an EF record in a signature, and no
/// other source file there names the entity namespace at all (not even for its protocol constants).
/// </summary>
public sealed class RelyingPartyBoundaryTests(WsFederationServerHarness server) : IClassFixture<WsFederationServerHarness>
{
    private const string EntityNamespace = "CertAuth.Federation.Storage.Entities";

    private static readonly string[] ScannedNamespaces =
    [
        typeof(CertificateSignInService).Namespace!,
        typeof(SingleLogoutHandler).Namespace!,
        typeof(RelyingPartyTrust).Namespace!,
        typeof(DirectoryUser).Namespace!,
    ];

    /// <summary>The store boundary of these namespaces: the two mappings from EF records.</summary>
    private static readonly Type[] StoreBoundary = [typeof(StoreRelyingPartyResolver), typeof(StoreDirectoryUserRepository)];

    [Fact]
    public void SignInSessionsAndRelyingParties_OutsideTheResolverAndRepository_NameNoStorageEntityRecord()
    {
        var scanned = typeof(RelyingPartyTrust).Assembly.GetTypes()
            .Where(t => ScannedNamespaces.Contains(t.Namespace))
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.Name.Contains('<', StringComparison.Ordinal))
            .Where(t => !StoreBoundary.Contains(t))
            .ToList();
        Assert.Contains(typeof(RelyingPartyTrust), scanned);
        Assert.Contains(typeof(SingleLogoutHandler), scanned);
        Assert.Contains(typeof(FederationSession), scanned);
        Assert.Contains(typeof(WsFederationResponseIssuer), scanned);
        Assert.Contains(typeof(CertificateSignInHandler), scanned);

        var offenders = scanned.SelectMany(SignatureTypes).Where(x => x.Type.Namespace == EntityNamespace).Select(x => $"{x.Member}: {x.Type.Name}").Distinct().ToList();

        Assert.True(offenders.Count == 0, "EF records in signatures:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void TheBoundaryTypes_DoNameTheRecords_TheScanWouldCatchElsewhere()
    {
        Assert.Contains(SignatureTypes(typeof(StoreRelyingPartyResolver)), x => x.Type == typeof(RelyingPartyRecord));
        Assert.Contains(SignatureTypes(typeof(IRelyingPartyStore)), x => x.Type == typeof(RelyingPartyRecord));
    }

    [Fact]
    public void NoSourceFile_OfSignInSessionsOrRelyingParties_NamesTheEntityNamespace_ButTheResolver()
    {
        var root = Path.Combine(PagesServer.RepositoryRoot(), "src", "CertAuth.Federation.Server");
        var files = new[] { "SignIn", "Sessions", "RelyingParties" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("SingleLogoutHandler.cs", StringComparison.Ordinal));

        var offenders = files
            .Where(f => !f.EndsWith(Path.Combine("RelyingParties", "StoreRelyingPartyResolver.cs"), StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Storage.Entities", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.True(offenders.Count == 0, "Files naming Storage.Entities:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void TheDomainProtocolValues_AreTheStoredOnes()
    {
        Assert.Equal(FederationProtocols.Saml2, RelyingPartyTrust.Saml2);
        Assert.Equal(FederationProtocols.WsFederation, RelyingPartyTrust.WsFederation);
        Assert.Equal(FederationProtocols.Saml11Token, RelyingPartyTrust.Saml11Token);
        Assert.Equal(FederationProtocols.Saml2Token, RelyingPartyTrust.Saml2Token);
    }

    [Fact]
    public async Task OverTheRealServer_TheResolver_MapsEachStoredTrust_ToTheDomainRecord()
    {
        var store = server.Services.GetRequiredService<IRelyingPartyStore>();
        var resolver = server.Services.GetRequiredService<IRelyingPartyResolver>();

        var saml = await resolver.ResolveAsync(WsFederationServerHarness.RelyingPartyId, CancellationToken.None);
        var wsfed = await resolver.ResolveAsync(WsFederationServerHarness.WsFedRealm, CancellationToken.None);
        var wsfedSaml2 = await resolver.ResolveAsync(WsFederationServerHarness.WsFedSaml2Realm, CancellationToken.None);

        Assert.NotNull(saml);
        Assert.False(saml.IsWsFederation);
        Assert.Equal(RelyingPartyTrust.Saml2, saml.Protocol);
        var samlRecord = (await store.FindByEntityIdAsync(WsFederationServerHarness.RelyingPartyId))!;
        Assert.Equal(samlRecord.AssertionConsumerServiceUrls, saml.AssertionConsumerServiceUrls);
        Assert.Equal(samlRecord.NameIdFormat, saml.NameIdFormat);
        Assert.Equal(TimeSpan.FromMinutes(samlRecord.TokenLifetimeMinutes), saml.TokenLifetime);
        Assert.NotNull(wsfed);
        Assert.True(wsfed.IsWsFederation);
        Assert.Equal(RelyingPartyTrust.Saml11Token, wsfed.TokenType);
        Assert.Equal([WsFederationServerHarness.WsFedReply, WsFederationServerHarness.WsFedSecondReply], wsfed.AssertionConsumerServiceUrls);
        Assert.Equal(RelyingPartyTrust.Saml2Token, wsfedSaml2!.TokenType);
        Assert.Null(await resolver.ResolveAsync("urn:test:nobody", CancellationToken.None));
    }

    [Fact]
    public void TheMapping_FallsBackToSaml2_ForAnUnknownStoredProtocol_AndDropsUnacceptableEndpoints()
    {
        var trust = StoreRelyingPartyResolver.ToTrust(new RelyingPartyRecord
        {
            EntityId = "urn:test:odd",
            AssertionConsumerServiceUrls = ["https://rp.test/acs", "javascript:alert(1)"],
            NameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            Protocol = "Carrier-Pigeon",
            TokenType = "Scroll",
            TokenLifetimeMinutes = 0,
        });

        Assert.Equal(RelyingPartyTrust.Saml2, trust.Protocol);
        Assert.Equal(RelyingPartyTrust.Saml11Token, trust.TokenType);
        Assert.Equal(["https://rp.test/acs"], trust.AssertionConsumerServiceUrls);
        Assert.Equal(TimeSpan.FromMinutes(1), trust.TokenLifetime);
    }
}
