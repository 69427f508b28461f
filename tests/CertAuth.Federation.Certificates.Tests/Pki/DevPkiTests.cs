using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using CertAuth.Federation.Certificates.Validation;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Certificates.Tests.Pki;

public sealed class DevPkiTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "certauth-devpki-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Generate_Load_Revoke_WritesFilesAndIncreasesCrlNumber()
    {
        var clock = new FakeTimeProvider(CertificateServices.Start);
        Assert.False(DevPki.Exists(_directory));

        var generated = DevPki.Generate(_directory, clock);

        Assert.True(DevPki.Exists(_directory));
        string[] expected =
        [
            "root-ca.cer", "root-ca.pem", "root-ca.pfx", "issuing-ca.cer", "issuing-ca.pem", "issuing-ca.pfx", "untrusted-ca.cer",
            "untrusted-ca.pfx", "localhost-tls.pfx", "token-signing.pfx", "token-signing.cer", "pki.json",
            "crl/root-ca.crl", "crl/issuing-ca.crl", "crl/issuing-ca-delta.crl", "crl/untrusted-ca.crl",
            "admin-ca.cer", "admin-ca.pem", "admin-ca.pfx", "admin.pfx", "admin.pem", "admin.key.pem",
        ];
        foreach (var file in expected.Concat(DevPki.UserNames.SelectMany(u => new[] { u + ".pfx", u + ".pem", u + ".key.pem" })))
        {
            Assert.True(File.Exists(Path.Combine(_directory, file)), file);
        }

        // The admin certificate chains to the admin CA, which is neither the sign-in root nor the issuing CA.
        using var adminCa = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_directory, "admin-ca.cer"));
        using var admin = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_directory, "admin.pfx"), DevPki.PfxPassword);
        Assert.Equal(adminCa.Subject, admin.Issuer);
        Assert.True(admin.HasPrivateKey);
        Assert.NotEqual(generated.RootCa.Thumbprint, adminCa.Thumbprint);
        Assert.NotEqual(generated.IssuingCa.Thumbprint, adminCa.Thumbprint);

        var loaded = DevPki.Load(_directory);
        Assert.Equal(generated.Users["alice"].Thumbprint, loaded.Users["alice"].Thumbprint);
        Assert.True(loaded.IssuingCa.HasPrivateKey);

        var issuingCrl = CrlParser.Parse(File.ReadAllBytes(Path.Combine(_directory, "crl/issuing-ca.crl")));
        Assert.True(issuingCrl.TryGetRevocation(loaded.Users["carol"].SerialNumber, out _));
        Assert.False(issuingCrl.TryGetRevocation(loaded.Users["alice"].SerialNumber, out _));

        clock.Advance(TimeSpan.FromMinutes(5));
        DevPki.Revoke(_directory, "alice", clock);

        var after = CrlParser.Parse(File.ReadAllBytes(Path.Combine(_directory, "crl/issuing-ca.crl")));
        var delta = CrlParser.Parse(File.ReadAllBytes(Path.Combine(_directory, "crl/issuing-ca-delta.crl")));
        Assert.True(after.CrlNumber > issuingCrl.CrlNumber);
        Assert.Equal(clock.GetUtcNow(), after.ThisUpdate);
        Assert.True(after.TryGetRevocation(loaded.Users["alice"].SerialNumber, out _));
        Assert.Equal(after.CrlNumber, delta.BaseCrlNumber);
        Assert.Null(CrlSignatureVerifier.Verify(after, loaded.IssuingCa));
        Assert.False(DevPki.CrlsNeedRepublishing(_directory, clock));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.True(DevPki.CrlsNeedRepublishing(_directory, clock));
        DevPki.RepublishCrls(_directory, clock);
        Assert.False(DevPki.CrlsNeedRepublishing(_directory, clock));

        await AssertUsersValidateAsExpected(loaded, clock);
    }

    private static async Task AssertUsersValidateAsExpected(DevPki pki, FakeTimeProvider clock)
    {
        using var services = new CertificateServices(clock);
        services.Authorities.Set(pki.GetTrustedAuthorities(new Uri("http://127.0.0.1:1/crl/")).Select(a => new CertAuth.Federation.Certificates.Authorities.TrustedCertificateAuthority
        {
            Id = a.Id, AuthorityType = a.AuthorityType, Certificate = a.Certificate,
        }));

        Assert.True((await services.Validator.ValidateAsync(pki.Users["alice"], null, default)).Succeeded);
        Assert.True((await services.Validator.ValidateAsync(pki.Users["bob"], null, default)).Succeeded);
        Assert.Equal(CertificateFailureReason.Expired, (await services.Validator.ValidateAsync(pki.Users["dave"], null, default)).Failure?.Reason);
        Assert.Equal(CertificateFailureReason.NotForClientAuthentication, (await services.Validator.ValidateAsync(pki.Users["eve"], null, default)).Failure?.Reason);
        Assert.Equal(CertificateFailureReason.NotTrusted, (await services.Validator.ValidateAsync(pki.Users["mallory"], null, default)).Failure?.Reason);
        Assert.Equal("bob@contoso.com", services.Mapper.Map(pki.Users["bob"])?.MatchedValue);
    }
}
