using System.Text;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Certificates.Tests.Authorities;

public sealed class CertificateAuthorityInspectorTests
{
    private readonly FakeTimeProvider _clock = new(CertificateServices.Start);

    [Fact]
    public void Inspect_RootDerAndPem_IsValidWithSki()
    {
        var pki = TestPki.Create(_clock);
        var inspector = new CertificateAuthorityInspector(_clock);

        var der = inspector.Inspect(pki.RootCa.RawData, CertificateAuthorityType.RootAuthority);
        var pem = inspector.Inspect(Encoding.ASCII.GetBytes(pki.RootCa.ExportCertificatePem()), CertificateAuthorityType.RootAuthority);

        Assert.True(der.IsValid);
        Assert.True(pem.IsValid);
        Assert.Equal(der.SubjectKeyIdentifier, pem.SubjectKeyIdentifier);
        Assert.Matches("^[0-9A-F]{40}$", der.SubjectKeyIdentifier!);
        Assert.False(der.Certificate!.HasPrivateKey);
    }

    [Fact]
    public void Inspect_IntermediateAsRoot_IsRootNotSelfSigned()
    {
        var pki = TestPki.Create(_clock);
        var result = new CertificateAuthorityInspector(_clock).Inspect(pki.IssuingCa.RawData, CertificateAuthorityType.RootAuthority);

        Assert.Contains(result.Errors, e => e.Code == CertificateAuthorityIssueCode.RootNotSelfSigned);
        Assert.True(new CertificateAuthorityInspector(_clock).Inspect(pki.IssuingCa.RawData, CertificateAuthorityType.IntermediateAuthority).IsValid);
    }

    [Fact]
    public void Inspect_UserCertificate_IsNotACertificateAuthority()
    {
        var pki = TestPki.Create(_clock);
        var result = new CertificateAuthorityInspector(_clock).Inspect(pki.IssueUser("alice").RawData, CertificateAuthorityType.IntermediateAuthority);

        Assert.Contains(result.Errors, e => e.Code == CertificateAuthorityIssueCode.NotACertificateAuthority);
    }

    [Fact]
    public void Inspect_ExpiredAndExpiringSoon_AreErrorAndWarning()
    {
        var now = _clock.GetUtcNow();
        var expired = CertificateFactory.CreateRootCa("CN=Old", now.AddYears(-2), now.AddDays(-1));
        var expiring = CertificateFactory.CreateRootCa("CN=Soon", now.AddYears(-2), now.AddDays(10));
        var inspector = new CertificateAuthorityInspector(_clock);

        Assert.Contains(inspector.Inspect(expired.RawData, CertificateAuthorityType.RootAuthority).Errors, e => e.Code == CertificateAuthorityIssueCode.Expired);
        var soon = inspector.Inspect(expiring.RawData, CertificateAuthorityType.RootAuthority);
        Assert.True(soon.IsValid);
        Assert.Contains(soon.Warnings, w => w.Code == CertificateAuthorityIssueCode.ExpiresSoon);
    }

    [Fact]
    public void Inspect_Garbage_IsUnreadable()
    {
        var result = new CertificateAuthorityInspector(_clock).Inspect("not a certificate"u8, CertificateAuthorityType.RootAuthority);

        Assert.Contains(result.Errors, e => e.Code == CertificateAuthorityIssueCode.Unreadable);
    }
}
