using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.DataProtection;
using CertAuth.Federation.Storage.KeyMaterial;
using CertAuth.Federation.Storage.Stores;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

/// <summary>
/// <c>certauth signing-cert</c> (issue 13 item 2): add from a PFX, rollover, promote and list the federation server's
/// token-signing certificates; private keys protected with the federation server's data protection so that a node
/// configured the same way opens them; refusals carry the manager's codes.
/// </summary>
public sealed class SigningCertificateCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public SigningCertificateCommandTests()
    {
        var now = CliTestHost.Start;
        using var dp = CertificateFactory.CreateKeyEncryption("CN=Test Data Protection", now.AddDays(-1), now.AddYears(1));
        File.WriteAllBytes(_host.PathOf("dp.pfx"), dp.Export(X509ContentType.Pfx, "test"));
        using var signing = CertificateFactory.CreateTokenSigning("CN=Cli Test Signing", now.AddDays(-1), now.AddDays(60));
        File.WriteAllBytes(_host.PathOf("signing.pfx"), signing.Export(X509ContentType.Pfx, "pw"));
        File.WriteAllText(_host.ConfigPath, """
            {
              "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=data/test.db" },
              "Federation": {
                "DataProtection": { "Certificate": { "Path": "dp.pfx", "Password": "test" } },
                "TokenSigning": { "StoredCertificates": true, "CertificatePromotionThreshold": "3.00:00:00", "RefreshInterval": "00:00:30" }
              }
            }
            """);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task AddRolloverPromote_ChangeTheStates_AndANodeOpensTheKeys()
    {
        var add = await _host.RunAsync("signing-cert", "add", "--pfx", "signing.pfx", "--password", "pw");
        var rollover = await _host.RunAsync("signing-cert", "rollover");
        Assert.Equal(0, add.ExitCode);
        Assert.Equal(0, rollover.ExitCode);
        Assert.Contains("added as the primary", add.Output, StringComparison.Ordinal);
        Assert.Contains("added as the secondary", rollover.Output, StringComparison.Ordinal);

        await using var storage = _host.OpenStorage();
        var records = await storage.GetRequiredService<ITokenSigningCertificateStore>().ListAsync();
        Assert.Equal(2, records.Count);
        var generated = Assert.Single(records, r => r.Succeeds is not null);
        Assert.Equal(CliTestHost.Start + TimeSpan.FromDays(3), generated.PromotesAt); // Federation:TokenSigning:CertificatePromotionThreshold

        var promote = await _host.RunAsync("signing-cert", "promote", generated.Thumbprint);
        Assert.Equal(0, promote.ExitCode);
        records = await storage.GetRequiredService<ITokenSigningCertificateStore>().ListAsync();
        Assert.Equal(CliTestHost.Start + TimeSpan.FromMinutes(1), Assert.Single(records, r => r.Succeeds is not null).PromotesAt); // twice the refresh interval

        _host.Time.Advance(TimeSpan.FromMinutes(2));
        var list = await _host.RunAsync("signing-cert", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("primary   " + generated.Thumbprint, list.Output, StringComparison.Ordinal);
        Assert.Contains("retired   " + generated.Succeeds, list.Output, StringComparison.Ordinal);

        // A federation node's data protection (same database, same certificate) opens the generated key; another does not.
        var configuration = new ConfigurationBuilder().AddJsonFile(_host.ConfigPath).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFederationStorage(configuration, _host.Directory);
        services.AddRoleDataProtection<FederationDbContext>(configuration.GetSection("Federation:DataProtection"), _host.Directory, StoreRole.Federation);
        await using var node = services.BuildServiceProvider();
        using var opened = TokenSigningCertificateMaterial.Open(generated, node.GetRequiredService<IDataProtectionProvider>());
        Assert.True(opened.HasPrivateKey);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => TokenSigningCertificateMaterial.Open(generated, new EphemeralDataProtectionProvider()));

        var audit = await storage.GetRequiredService<IAuditLog>().ListAsync();
        Assert.Contains(audit, e => e.Action == "signing-cert.promote" && e.Target == generated.Thumbprint);
    }

    [Fact]
    public async Task Refusals_CarryTheManagersCodes_AndChangeNothing()
    {
        File.WriteAllText(_host.PathOf("garbage.pfx"), "not a pfx");
        var garbage = await _host.RunAsync("signing-cert", "add", "--pfx", "garbage.pfx");
        var wrongPassword = await _host.RunAsync("signing-cert", "add", "--pfx", "signing.pfx", "--password", "nope");
        var nothingToRoll = await _host.RunAsync("signing-cert", "rollover");
        var unknown = await _host.RunAsync("signing-cert", "promote", "ABCDEF");

        Assert.Equal(1, garbage.ExitCode);
        Assert.Equal(Administration.AdminCodes.SigningCertificateUnusable, garbage.RefusalCode);
        Assert.Equal(Administration.AdminCodes.SigningCertificateUnusable, wrongPassword.RefusalCode);
        Assert.Equal(Administration.AdminCodes.SigningCertificateState, nothingToRoll.RefusalCode);
        Assert.Equal(Administration.AdminCodes.NotFound, unknown.RefusalCode);
        await using var storage = _host.OpenStorage();
        Assert.Empty(await storage.GetRequiredService<ITokenSigningCertificateStore>().ListAsync());
    }
}
