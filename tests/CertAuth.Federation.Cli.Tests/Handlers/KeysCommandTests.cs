using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.DataProtection;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

/// <summary>
/// <c>certauth keys rotate</c> (issue 13): adds a token-service signing key that activates later, its private key
/// protected by the token service's data protection (key ring in its database, encrypted with the configured
/// certificate), so that a node configured the same way opens it; audited.
/// </summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public KeysCommandTests()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = CertificateFactory.CreateKeyEncryption("CN=Test Data Protection", now.AddDays(-1), now.AddYears(1));
        File.WriteAllBytes(_host.PathOf("dp.pfx"), certificate.Export(X509ContentType.Pfx, "test"));
        File.WriteAllText(_host.ConfigPath, """
            {
              "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=data/test.db" },
              "TokenService": {
                "DataProtection": { "Certificate": { "Path": "dp.pfx", "Password": "test" } },
                "SigningKeys": { "RefreshInterval": "00:00:30" }
              }
            }
            """);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Rotate_AddsAKeyThatActivatesLater_AndANodeOpensIt()
    {
        var first = await _host.RunAsync("keys", "rotate", "--activate-in", "00:05:00");
        var second = await _host.RunAsync("keys", "rotate");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        await using var storage = _host.OpenStorage();
        var keys = await storage.GetRequiredService<ISigningKeyStore>().ListAsync();
        Assert.Equal(2, keys.Count);
        Assert.Equal(CliTestHost.Start + TimeSpan.FromMinutes(1), keys[0].ActivatesAt); // default: twice the refresh interval
        Assert.Equal(CliTestHost.Start + TimeSpan.FromMinutes(5), keys[1].ActivatesAt);
        Assert.Contains(keys[1].KeyId, first.Output, StringComparison.Ordinal);

        // A token-service node's data protection (same database, same certificate) opens the private key.
        var configuration = new ConfigurationBuilder().AddJsonFile(_host.ConfigPath).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTokenServiceStorage(configuration, _host.Directory);
        services.AddRoleDataProtection<TokenServiceDbContext>(configuration.GetSection("TokenService:DataProtection"), _host.Directory, StoreRole.TokenService);
        await using var node = services.BuildServiceProvider();
        using var rsa = TokenSigningKeyMaterial.OpenPrivateKey(keys[1], node.GetRequiredService<IDataProtectionProvider>());
        Assert.Equal(keys[1].KeyId, TokenSigningKeyMaterial.KeyId(rsa));

        // Without the token service's key ring (another application's data protection) it does not open.
        var other = new EphemeralDataProtectionProvider();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => TokenSigningKeyMaterial.OpenPrivateKey(keys[1], other));

        var audit = await storage.GetRequiredService<IAuditLog>().ListAsync();
        Assert.Contains(audit, e => e.Action == "keys.rotate" && e.Target == keys[1].KeyId);
    }

    [Theory]
    [InlineData("-00:01:00", "must not be negative")]
    [InlineData("31.00:00:00", "at most 30 days")]
    public async Task Rotate_WithAnActivationOutsideTheBounds_IsRefusedWithItsCode_AndAddsNothing(string activateIn, string message)
    {
        var result = await _host.RunAsync("keys", "rotate", "--activate-in", activateIn);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(Administration.AdminCodes.KeyActivation, result.RefusalCode);
        await using var storage = _host.OpenStorage();
        Assert.Empty(await storage.GetRequiredService<ISigningKeyStore>().ListAsync());
    }

    [Fact]
    public async Task Rotate_ForTheFederationRole_IsRefused()
    {
        var result = await _host.RunAsync("keys", "rotate", "--role", "federation");

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("signing key", result.Output, StringComparison.Ordinal);
    }
}
