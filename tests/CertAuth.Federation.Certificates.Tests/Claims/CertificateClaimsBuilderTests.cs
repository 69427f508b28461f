using CertAuth.Federation.Certificates.Claims;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Certificates.Tests.Claims;

public sealed class CertificateClaimsBuilderTests
{
    private readonly TestPki _pki = TestPki.Create(new FakeTimeProvider(CertificateServices.Start));

    [Fact]
    public void Build_ProducesCanonicalForms()
    {
        var cert = _pki.IssueUser(_pki.UserOptions("alice", "alice@contoso.com", "alice@contoso.com") with
        {
            SerialNumber = [0x00, 0xAB, 0xCD, 0x01],
            NotBefore = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            NotAfter = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        });

        var claims = new CertificateClaimsBuilder().Build(cert);
        string One(string type) => Assert.Single(claims, c => c.Type == type).Value;

        Assert.Equal("00ABCD01", One(CertificateClaimTypes.SerialNumber));
        Assert.Equal(cert.SerialNumber, One(CertificateClaimTypes.SerialNumber));
        Assert.Equal("CN=CertAuth Test Issuing CA, O=CertAuth Tests", One(CertificateClaimTypes.Issuer));
        Assert.Equal(One(CertificateClaimTypes.Issuer), One(CertificateClaimTypes.IssuerName));
        Assert.Equal("CN=alice", One(CertificateClaimTypes.Subject));
        Assert.Equal("2025-01-02T03:04:05Z", One(CertificateClaimTypes.NotBefore));
        Assert.Equal("2026-01-02T03:04:05Z", One(CertificateClaimTypes.NotAfter));
        Assert.Equal("3", One(CertificateClaimTypes.X509Version));
        Assert.Equal("1.2.840.113549.1.1.11", One(CertificateClaimTypes.SignatureAlgorithm));
        Assert.Equal(Convert.ToBase64String(cert.RawData), One(CertificateClaimTypes.RawData));
        Assert.Equal(cert.Thumbprint, One(CertificateClaimTypes.Thumbprint));
        Assert.Equal("1.3.6.1.5.5.7.3.2", One(CertificateClaimTypes.Eku));
        Assert.Equal("KeyEncipherment, DigitalSignature", One(CertificateClaimTypes.KeyUsage));
        Assert.Equal("alice@contoso.com", One(CertificateClaimTypes.Upn));
        Assert.Equal(
            ["Other Name:Principal Name=alice@contoso.com", "RFC822 Name=alice@contoso.com"],
            claims.Where(c => c.Type == CertificateClaimTypes.San).Select(c => c.Value));
        Assert.Matches("^[0-9A-F]{40}$", One(CertificateClaimTypes.SubjectKeyIdentifier));
        Assert.Matches("^[0-9A-F]{40}$", One(CertificateClaimTypes.AuthorityKeyIdentifier));
        Assert.DoesNotContain(claims, c => c.Type == CertificateClaimTypes.CertificateTemplateName);
    }

    [Fact]
    public void Build_WithoutUpn_HasNoUpnClaim()
    {
        var claims = new CertificateClaimsBuilder().Build(_pki.IssueUser("bob", email: "bob@contoso.com"));

        Assert.DoesNotContain(claims, c => c.Type == CertificateClaimTypes.Upn);
        Assert.Contains(claims, c => c.Type == CertificateClaimTypes.San && c.Value == "RFC822 Name=bob@contoso.com");
    }
}
