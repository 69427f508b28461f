using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class ClientAndFederationCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ClientAdd_Confidential_PrintsTheSecretOnce_AndStoresOnlyItsHash()
    {
        var result = await _host.RunAsync("client", "add", "web-app", "--redirect-uri", "https://app.example/cb", "--confidential");

        Assert.True(result.ExitCode == 0, result.ToString());
        var secret = result.Output.Split("store it now): ")[1].Trim();
        using var storage = _host.OpenStorage();
        var client = await storage.GetRequiredService<IOAuthClientStore>().FindAsync("web-app");
        Assert.False(client!.IsPublic);
        Assert.DoesNotContain(secret, client.SecretHash!, StringComparison.Ordinal);
        Assert.True(ClientSecretHasher.Verify(secret, client.SecretHash));
        Assert.Equal(["authorization_code", "refresh_token"], client.AllowedGrantTypes);
        Assert.Contains(await storage.GetRequiredService<IAuditLog>().ListAsync(), e => e.Action == "client.add" && e.Target == "web-app");
    }

    [Theory]
    [InlineData("http://app.example/cb")]
    [InlineData("https://app.example/cb#fragment")]
    [InlineData("not-a-url")]
    public async Task ClientAdd_UnsafeRedirectUri_IsRefused(string redirect)
    {
        var result = await _host.RunAsync("client", "add", "web-app", "--redirect-uri", redirect);

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task ClientAdd_PostLogoutRedirectUris_AreStored_AndUnsafeOnesRefused()
    {
        var result = await _host.RunAsync("client", "add", "spa", "--redirect-uri", "https://app.example/cb",
            "--post-logout-redirect-uri", "https://app.example/bye", "--post-logout-redirect-uri", "http://127.0.0.1:5000/bye");

        Assert.True(result.ExitCode == 0, result.ToString());
        using (var storage = _host.OpenStorage())
        {
            var client = await storage.GetRequiredService<IOAuthClientStore>().FindAsync("spa");
            Assert.Equal(["https://app.example/bye", "http://127.0.0.1:5000/bye"], client!.PostLogoutRedirectUris);
        }

        Assert.Contains("https://app.example/bye", (await _host.RunAsync("client", "list", "--json")).Output, StringComparison.Ordinal);
        foreach (var bad in new[] { "http://app.example/bye", "https://app.example/bye#top", "/relative", "https://user@app.example/bye" })
        {
            var refused = await _host.RunAsync("client", "add", "spa2", "--redirect-uri", "https://app.example/cb", "--post-logout-redirect-uri", bad);
            Assert.True(refused.ExitCode == 1, $"{bad}: {refused}");
            Assert.Contains("post-logout-redirect-uri", refused.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ClientAdd_UnknownGrant_IsRefused_AndMissingRedirectIsUsage()
    {
        Assert.Equal(1, (await _host.RunAsync("client", "add", "a", "--redirect-uri", "https://a/cb", "--grant", "password")).ExitCode);
        Assert.Equal(2, (await _host.RunAsync("client", "add", "a")).ExitCode);
    }

    [Fact]
    public async Task ClientListAndRemove()
    {
        await _host.RunAsync("client", "add", "native", "--redirect-uri", "http://127.0.0.1/callback");

        Assert.Contains("native  public", (await _host.RunAsync("client", "list")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _host.RunAsync("client", "remove", "native")).ExitCode);
        Assert.Equal(1, (await _host.RunAsync("client", "remove", "native")).ExitCode);
    }

    [Fact]
    public async Task FederationAdd_WithTwoSigningCertificates_TrustsBoth_ForKeyRollover()
    {
        File.WriteAllBytes(_host.PathOf("old.cer"), SelfSigned("CN=Old signing").RawData);
        File.WriteAllBytes(_host.PathOf("new.cer"), SelfSigned("CN=New signing").RawData);

        var result = await _host.RunAsync("federation", "add", "https://fs.example/adfs/services/trust",
            "--sso", "https://fs.example/adfs/ls/", "--signing-cert", "old.cer", "--signing-cert", "new.cer");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var storage = _host.OpenStorage();
        var trust = await storage.GetRequiredService<IFederationTrustStore>().FindByEntityIdAsync("https://fs.example/adfs/services/trust");
        Assert.Equal(2, trust!.SigningCertificates.Count);
        Assert.False(trust.AllowUnsolicited);
        Assert.Equal(1, (await _host.RunAsync("federation", "add", "https://fs.example/adfs/services/trust", "--sso", "https://fs.example/adfs/ls/", "--signing-cert", "old.cer")).ExitCode);
    }

    [Fact]
    public async Task FederationAdd_FromIdpMetadata_TakesEntityIdSsoAndKey()
    {
        var certificate = SelfSigned("CN=Token signing");
        File.WriteAllText(_host.PathOf("idp.xml"), $"""
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://fs.example/trust">
              <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{Convert.ToBase64String(certificate.RawData)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://fs.example/post"/>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://fs.example/adfs/ls/"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """);

        var result = await _host.RunAsync("federation", "add", "--metadata", "idp.xml", "--allow-unsolicited");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var storage = _host.OpenStorage();
        var trust = await storage.GetRequiredService<IFederationTrustStore>().FindByEntityIdAsync("https://fs.example/trust");
        Assert.Equal("https://fs.example/adfs/ls/", trust!.SingleSignOnUrl);
        Assert.Equal([Convert.ToBase64String(certificate.RawData)], trust.SigningCertificates);
        Assert.True(trust.AllowUnsolicited);
        Assert.Contains("https://fs.example/trust", (await _host.RunAsync("federation", "list")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _host.RunAsync("federation", "remove", "https://fs.example/trust")).ExitCode);
    }

    private X509Certificate2 SelfSigned(string subject)
    {
        using var key = RSA.Create(2048);
        var now = _host.Time.GetUtcNow();
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }
}
