using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Cli.Tests.Infrastructure;

namespace CertAuth.Federation.Cli.Tests.Handlers;

public sealed class DevCertsCommandTests : IDisposable
{
    private readonly CliTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Generate_DefaultsToConfiguredFolder_PrintsFiles_AndRefusesToOverwriteWithoutForce()
    {
        var first = await _host.RunAsync("dev-certs");

        Assert.True(first.ExitCode == 0, first.ToString());
        var folder = _host.PathOf("certs-dev");
        Assert.True(File.Exists(Path.Combine(folder, "root-ca.cer")));
        Assert.Contains("root-ca.cer", first.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("crl", "issuing-ca.crl"), first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("certauth\n", first.Output, StringComparison.Ordinal);

        var second = await _host.RunAsync("dev-certs");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("--force", second.Error, StringComparison.Ordinal);

        var forced = await _host.RunAsync("dev-certs", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("replaced", forced.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "1.2.840.113549.1.1.1")]
    [InlineData("ECDSA", "1.2.840.10045.2.1")]
    [InlineData("rsa", "1.2.840.113549.1.1.1")]
    public async Task Generate_TlsKeyAlgorithm_MakesAnRsaOrEcdsaTlsCertificate(string? algorithm, string keyOid)
    {
        string[] args = algorithm is null ? ["dev-certs", "--dir", "pki"] : ["dev-certs", "--dir", "pki", "--tls-key-algorithm", algorithm];

        var result = await _host.RunAsync(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var tls = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
            Path.Combine(_host.PathOf("pki"), "localhost-tls.pfx"), CertAuth.Federation.Pki.DevPki.PfxPassword);
        Assert.Equal(keyOid, tls.PublicKey.Oid.Value);
        Assert.True(tls.HasPrivateKey);
    }

    [Fact]
    public async Task Generate_UnknownTlsKeyAlgorithm_IsRefused()
    {
        var result = await _host.RunAsync("dev-certs", "--dir", "pki", "--tls-key-algorithm", "dsa");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("RSA or ECDSA", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_host.PathOf("pki"), "pki.json")));
    }

    [Fact]
    public async Task Revoke_PublishesNewCrlWithHigherNumber()
    {
        var dir = _host.PathOf("pki");
        Assert.Equal(0, (await _host.RunAsync("dev-certs", "--dir", "pki")).ExitCode);
        var crlPath = Path.Combine(dir, "crl", "issuing-ca.crl");
        var before = CrlParser.Parse(File.ReadAllBytes(crlPath)).CrlNumber!.Value;
        _host.Time.Advance(TimeSpan.FromMinutes(5));

        var result = await _host.RunAsync("dev-certs", "revoke", "alice", "--dir", dir);

        Assert.True(result.ExitCode == 0, result.ToString());
        var after = CrlParser.Parse(File.ReadAllBytes(crlPath));
        Assert.True(after.CrlNumber > before);
        Assert.Contains($"new CRL number {after.CrlNumber}", result.Output, StringComparison.Ordinal);
        Assert.Contains("issuing-ca.crl", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_UnknownUserOrMissingPki_IsRefused()
    {
        Assert.Equal(1, (await _host.RunAsync("dev-certs", "revoke", "alice")).ExitCode);
        Assert.Equal(0, (await _host.RunAsync("dev-certs")).ExitCode);

        var result = await _host.RunAsync("dev-certs", "revoke", "zed");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("alice", result.Error, StringComparison.Ordinal);
    }
}
