using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using CertAuth.Federation.Testing;

namespace CertAuth.Federation.Testing.Example.Tests;

public sealed class SignInTests(MyAppFederation server) : IClassFixture<MyAppFederation>
{
    [Fact]
    public async Task Alice_SignsIn_AndTheTokenCarriesHerCertificatesSerialNumberAndIssuer()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com", email: "alice@contoso.com");

        var result = await server.SignInAsync(alice, MyAppFederation.EntityIdOfMyApp);

        Assert.True(result.Succeeded, result.ErrorCode);
        Assert.Equal(new Uri(MyAppFederation.AcsOfMyApp), result.PostedTo);
        Assert.Equal(MyAppFederation.EntityIdOfMyApp, result.Audience);
        Assert.Equal(alice.SerialNumber, result.SerialNumber);
        Assert.Equal(alice.Issuer, result.Issuer);
        Assert.Equal("alice@contoso.com", result.FindFirst(FederationClaimTypes.Upn));
        Assert.True(AssertionSignatureIsValid(result.SamlResponse!, server.TokenSigningCertificate));
    }

    [Fact]
    public async Task Bob_IsRefusedWithCaf1005_OnceHisCertificateIsRevoked()
    {
        var bob = server.IssueUserCertificate("bob", upn: "bob@contoso.com");
        Assert.True((await server.SignInAsync(bob, MyAppFederation.EntityIdOfMyApp)).Succeeded);

        await server.RevokeAsync(bob);

        var result = await server.SignInAsync(bob, MyAppFederation.EntityIdOfMyApp);
        Assert.False(result.Succeeded);
        Assert.Equal("CAF1005", result.ErrorCode);
    }

    [Fact]
    public async Task ACertificateFromAnUntrustedCa_IsRefused()
    {
        var mallory = server.IssueUntrustedCertificate("mallory", upn: "alice@contoso.com");

        var result = await server.SignInAsync(mallory, MyAppFederation.EntityIdOfMyApp);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.ErrorCode);
    }

    [Fact]
    public async Task TheServerIssuesTokensOnTheFixturesClock()
    {
        var alice = server.IssueUserCertificate("alice", upn: "alice@contoso.com");
        server.Clock.Advance(TimeSpan.FromHours(2));

        var result = await server.SignInAsync(alice, MyAppFederation.EntityIdOfMyApp);

        Assert.True(result.Succeeded, result.ErrorCode);
        Assert.Equal(server.Clock.GetUtcNow(), result.IssuedAt!.Value, TimeSpan.FromSeconds(1));
    }

    /// <summary>What a relying party does with the token: verify the assertion's signature with the server's key.</summary>
    private static bool AssertionSignatureIsValid(XmlDocument response, X509Certificate2 signingCertificate)
    {
        var ns = new XmlNamespaceManager(response.NameTable);
        ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:2.0:assertion");
        ns.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        var assertion = (XmlElement)response.SelectSingleNode("//saml:Assertion", ns)!;
        var signature = (XmlElement)assertion.SelectSingleNode("ds:Signature", ns)!;
        var signed = new SignedXml(assertion);
        signed.LoadXml(signature);
        return signed.CheckSignature(signingCertificate, verifySignatureOnly: true);
    }
}
