using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using CertAuth.Federation.Storage;
using CertAuth.Federation.Storage.Entities;
using CertAuth.Federation.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class CertificateAuthorityCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();
    private readonly DateTimeOffset _now = CliTestHost.Start;

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task AddRoot_Der_StoresRecordWithThumbprintIdAndAudits()
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));
        var path = TestCertificates.WriteDer(root, _host.PathOf("root.cer"));
        var thumbprint = root.GetCertHashString(HashAlgorithmName.SHA256);

        var result = await _host.RunAsync("ca", "add", "--cert", path, "--type", "root", "--crl", "http://localhost:44380/crl/root.crl", "--crl-grace", "90");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(thumbprint[..16], result.Output, StringComparison.Ordinal);
        using var storage = _host.OpenStorage();
        var record = await storage.GetRequiredService<ITrustedAuthorityStore>().FindAsync(thumbprint[..16]);
        Assert.NotNull(record);
        Assert.Equal(thumbprint, record.Thumbprint);
        Assert.Equal(0, record.AuthorityType);
        Assert.Equal(root.RawData, record.Certificate);
        Assert.Equal("http://localhost:44380/crl/root.crl", record.CrlDistributionPoint);
        Assert.Equal(90 * 60, record.CrlGracePeriodSeconds);
        var entry = (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single();
        Assert.Equal(("ca.add", thumbprint[..16]), (entry.Action, entry.Target));
    }

    [Fact]
    public async Task AddIntermediate_Pem_Succeeds()
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));
        using var issuing = TestCertificates.Intermediate(root, "Test Issuing CA", _now.AddDays(-1), _now.AddYears(2));
        var path = TestCertificates.WritePem(issuing, _host.PathOf("issuing.pem"));

        var ski = issuing.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier!;
        var spacedSki = string.Join(':', Enumerable.Range(0, ski.Length / 2).Select(i => ski.Substring(i * 2, 2).ToLowerInvariant()));

        var result = await _host.RunAsync("ca", "add", "--cert", path, "--type", "intermediate",
            "--crl", "http://localhost:44380/crl/issuing.crl", "--delta-crl", "http://localhost:44380/crl/issuing-delta.crl",
            "--issuer", "CN=Test Issuing CA", "--issuer-ski", spacedSki);

        Assert.Equal(0, result.ExitCode);
        using var storage = _host.OpenStorage();
        var record = Assert.Single(await storage.GetRequiredService<ITrustedAuthorityStore>().ListAsync());
        Assert.Equal(1, record.AuthorityType);
        Assert.Equal("CN=Test Issuing CA", record.TrustedIssuer);
        Assert.Equal(ski.ToUpperInvariant(), record.TrustedIssuerSki);
        Assert.Equal("http://localhost:44380/crl/issuing-delta.crl", record.DeltaCrlDistributionPoint);
    }

    [Fact]
    public async Task AddRoot_Ecdsa_Succeeds()
    {
        using var root = TestCertificates.Root("EC Root", _now.AddDays(-1), _now.AddYears(5), ecdsa: true);

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(root, _host.PathOf("ec.cer")), "--type", "root");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: no --crl", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--issuer", "CN=Someone Else")]
    [InlineData("--issuer-ski", "0102030405")]
    public async Task Add_IssuerNotMatchingCertificate_IsRefused(string option, string value)
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(root, _host.PathOf("r.cer")), "--type", "root", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("mismatch", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_IssuerSkiNotMatchingCertificate_IsRefused()
    {
        var id = await AddRootAsync(null);

        var result = await _host.RunAsync("ca", "set", id, "--issuer-ski", "AABB");

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Add_Duplicate_IsRefused()
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));
        var path = TestCertificates.WriteDer(root, _host.PathOf("root.cer"));
        await _host.RunAsync("ca", "add", "--cert", path, "--type", "root");

        var again = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WritePem(root, _host.PathOf("root.pem")), "--type", "root");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already trusted", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NotACaCertificate_IsRefused()
    {
        using var leaf = TestCertificates.EndEntity("alice", _now.AddDays(-1), _now.AddYears(1));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(leaf, _host.PathOf("leaf.cer")), "--type", "root");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a CA certificate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_CaWithoutKeyCertSign_IsRefused()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Odd CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var odd = request.CreateSelfSigned(_now.AddDays(-1), _now.AddYears(1));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(odd, _host.PathOf("odd.cer")), "--type", "root");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("keyCertSign", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Expired_IsRefused()
    {
        using var root = TestCertificates.Root("Old Root", _now.AddYears(-3), _now.AddDays(-1));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(root, _host.PathOf("old.cer")), "--type", "root");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("expired", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_ExpiringSoon_WarnsButAdds()
    {
        using var root = TestCertificates.Root("Short Root", _now.AddYears(-1), _now.AddDays(10));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(root, _host.PathOf("short.cer")), "--type", "root", "--crl", "https://pki.example/root.crl");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("expires soon", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_IntermediateAsRoot_IsRefused()
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));
        using var issuing = TestCertificates.Intermediate(root, "Issuing", _now.AddDays(-1), _now.AddYears(2));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(issuing, _host.PathOf("i.cer")), "--type", "root");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not self-signed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_SelfSignedAsIntermediate_IsRefused()
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(root, _host.PathOf("r.cer")), "--type", "intermediate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("self-signed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_RootWithBrokenSelfSignature_IsRefused()
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));
        var der = root.RawData;
        der[^5] ^= 0x55; // inside the signature value
        File.WriteAllBytes(_host.PathOf("forged.cer"), der);

        var result = await _host.RunAsync("ca", "add", "--cert", _host.PathOf("forged.cer"), "--type", "root");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not verify", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")]
    public async Task Add_UnreadableFile_IsRefused(string content)
    {
        File.WriteAllText(_host.PathOf("bad.cer"), content);

        var result = await _host.RunAsync("ca", "add", "--cert", _host.PathOf("bad.cer"), "--type", "root");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Add_MissingFile_IsRefused()
    {
        var result = await _host.RunAsync("ca", "add", "--cert", "missing.cer", "--type", "root");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not found", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--crl", "ldap://dc/crl")]
    [InlineData("--crl", "/relative/root.crl")]
    [InlineData("--delta-crl", "http://x/a.crl#frag")]
    [InlineData("--issuer-ski", "XYZ")]
    [InlineData("--crl-grace", "0")]
    [InlineData("--crl-grace", "30.00:00:00")]
    public async Task Add_BadOptionValue_IsRefused(string option, string value)
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));

        var result = await _host.RunAsync("ca", "add", "--cert", TestCertificates.WriteDer(root, _host.PathOf("r.cer")), "--type", "root", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_ShowsFields()
    {
        var id = await AddRootAsync("http://localhost:44380/crl/root.crl");

        var result = await _host.RunAsync("ca", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var ca = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(id, ca.GetProperty("id").GetString());
        Assert.Equal("root", ca.GetProperty("type").GetString());
        Assert.Equal("CN=Test Root, O=CertAuth Tests", ca.GetProperty("subject").GetString());
        Assert.Equal("http://localhost:44380/crl/root.crl", ca.GetProperty("crlDistributionPoint").GetString());
        Assert.False(string.IsNullOrEmpty(ca.GetProperty("certificateSki").GetString()));
    }

    [Fact]
    public async Task Set_ChangesAndClearsFields_AndAudits()
    {
        var id = await AddRootAsync("http://localhost:44380/crl/root.crl");

        var set = await _host.RunAsync("ca", "set", id.ToLowerInvariant(), "--no-crl", "--delta-crl", "https://pki.example/d.crl", "--crl-grace", "01:00:00");
        Assert.Equal(0, set.ExitCode);

        using var storage = _host.OpenStorage();
        var record = await storage.GetRequiredService<ITrustedAuthorityStore>().FindAsync(id);
        Assert.Null(record!.CrlDistributionPoint);
        Assert.Equal("https://pki.example/d.crl", record.DeltaCrlDistributionPoint);
        Assert.Equal(3600, record.CrlGracePeriodSeconds);
        var entry = (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single();
        Assert.Equal("ca.set", entry.Action);
    }

    [Fact]
    public async Task SetAndRemove_UnknownId_AreRefused()
    {
        Assert.Equal(1, (await _host.RunAsync("ca", "set", "0123456789ABCDEF", "--no-crl")).ExitCode);
        Assert.Equal(1, (await _host.RunAsync("ca", "remove", "0123456789ABCDEF")).ExitCode);
        Assert.Equal(1, (await _host.RunAsync("ca", "crl-status", "0123456789ABCDEF")).ExitCode);
    }

    [Fact]
    public async Task Set_NothingToChange_IsRefused()
    {
        var id = await AddRootAsync(null);

        Assert.Equal(1, (await _host.RunAsync("ca", "set", id)).ExitCode);
    }

    [Fact]
    public async Task Remove_DeletesAndAudits()
    {
        var id = await AddRootAsync(null);

        var result = await _host.RunAsync("ca", "remove", id);

        Assert.Equal(0, result.ExitCode);
        using var storage = _host.OpenStorage();
        Assert.Empty(await storage.GetRequiredService<ITrustedAuthorityStore>().ListAsync());
        Assert.Equal("ca.remove", (await storage.GetRequiredService<IAuditLog>().ListAsync(1)).Single().Action);
    }

    [Fact]
    public async Task CrlStatus_ShowsFetchedStateAndNeverFetched()
    {
        var id = await AddRootAsync("http://localhost:44380/crl/root.crl");
        await _host.RunAsync("ca", "set", id, "--delta-crl", "http://localhost:44380/crl/root-delta.crl");
        using (var storage = _host.OpenStorage())
        {
            await storage.GetRequiredService<ICrlStateRepository>().SetAsync(new CrlStateRecord
            {
                Key = id,
                LastCrlNumber = "7",
                ThisUpdate = _now.AddHours(-1),
                NextUpdate = _now.AddDays(1),
                Entries = 3,
                LastFetch = _now.AddMinutes(-5),
                LastError = null,
            });
        }

        var text = await _host.RunAsync("ca", "crl-status", id, "--role", "federation");
        var json = await _host.RunAsync("ca", "crl-status", "--json");

        Assert.Equal(0, text.ExitCode);
        var lines = text.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("crl-number=7", lines[0], StringComparison.Ordinal);
        Assert.Contains("entries=3", lines[0], StringComparison.Ordinal);
        Assert.Contains("this-update=2030-01-15T08:30:00Z", lines[0], StringComparison.Ordinal);
        Assert.Contains("delta", lines[1], StringComparison.Ordinal);
        Assert.Contains("never fetched", lines[1], StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Output);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.True(rows[0].GetProperty("fetched").GetBoolean());
        Assert.Equal("7", rows[0].GetProperty("crlNumber").GetString());
        Assert.False(rows[1].GetProperty("fetched").GetBoolean());

        // The token service keeps its own CRL state: the same CA, never fetched there.
        Assert.Equal(4, rows.Count);
        Assert.Equal(["federation", "federation", "tokenservice", "tokenservice"], rows.Select(r => r.GetProperty("role").GetString()));
        Assert.False(rows[2].GetProperty("fetched").GetBoolean());
    }

    [Fact]
    public async Task Role_AddressesOneRolesList_DefaultBoth()
    {
        using var root = TestCertificates.Root("Role Root", _now.AddDays(-1), _now.AddYears(5));
        var path = TestCertificates.WriteDer(root, _host.PathOf("role-root.cer"));
        Assert.Equal(0, (await _host.RunAsync("ca", "add", "--cert", path, "--type", "root", "--crl", "http://localhost:44380/crl/root.crl")).ExitCode);
        var id = root.GetCertHashString(HashAlgorithmName.SHA256)[..16];
        Assert.Equal(0, (await _host.RunAsync("ca", "remove", id, "--role", "federation")).ExitCode);
        using (var storage = _host.OpenStorage())
        {
            Assert.Empty(await storage.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.Federation).ListAsync());
            Assert.NotNull(await storage.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.TokenService).FindAsync(id));
        }

        var list = await _host.RunAsync("ca", "list", "--json");
        using (var document = JsonDocument.Parse(list.Output))
        {
            var row = Assert.Single(document.RootElement.EnumerateArray().ToList());
            Assert.Equal(["tokenservice"], row.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }

        Assert.Contains("no trusted certificate authorities", (await _host.RunAsync("ca", "list", "--role", "federation")).Output, StringComparison.Ordinal);
        var refresh = await _host.RunAsync("ca", "crl-refresh", id, "--role", "federation");
        Assert.Equal(1, refresh.ExitCode);
        Assert.Equal(0, (await _host.RunAsync("ca", "crl-refresh", id)).ExitCode);
        Assert.Equal(0, (await _host.RunAsync("ca", "set", id, "--no-crl", "--role", "tokenservice")).ExitCode);
        using (var storage = _host.OpenStorage())
        {
            Assert.Empty(await storage.GetRequiredKeyedService<ICrlRefreshRequestStore>(StoreRole.Federation).ListAsync());
            Assert.Equal(id, Assert.Single(await storage.GetRequiredKeyedService<ICrlRefreshRequestStore>(StoreRole.TokenService).ListAsync()).AuthorityId);
            Assert.Null((await storage.GetRequiredKeyedService<ITrustedAuthorityStore>(StoreRole.TokenService).FindAsync(id))!.CrlDistributionPoint);
        }

        Assert.Equal(0, (await _host.RunAsync("ca", "add", "--cert", path, "--type", "root", "--role", "federation")).ExitCode);
        var again = await _host.RunAsync("ca", "add", "--cert", path, "--type", "root");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already trusted", again.Error, StringComparison.Ordinal);
    }

    private async Task<string> AddRootAsync(string? crl)
    {
        using var root = TestCertificates.Root("Test Root", _now.AddDays(-1), _now.AddYears(5));
        var path = TestCertificates.WriteDer(root, _host.PathOf($"root-{Guid.NewGuid():N}.cer"));
        string[] args = crl is null ? ["ca", "add", "--cert", path, "--type", "root"] : ["ca", "add", "--cert", path, "--type", "root", "--crl", crl];
        var result = await _host.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return root.GetCertHashString(HashAlgorithmName.SHA256)[..16];
    }
}
