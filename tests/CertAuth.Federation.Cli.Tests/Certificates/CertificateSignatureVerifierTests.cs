using CertAuth.Federation.Cli.Certificates;
using CertAuth.Federation.Cli.Tests.Infrastructure;
using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.Cli.Tests.Certificates;

public sealed class CertificateSignatureVerifierTests
{
    private static readonly DateTimeOffset Now = CliTestHost.Start;

    [Fact]
    public void Verify_RsaPkcs1SelfSignature_IsTrue()
    {
        using var root = TestCertificates.Root("r", Now.AddDays(-1), Now.AddYears(1));
        Assert.True(CertificateSignatureVerifier.Verify(root, root));
    }

    [Fact]
    public void Verify_EcdsaSelfSignature_IsTrue()
    {
        using var root = TestCertificates.Root("r", Now.AddDays(-1), Now.AddYears(1), ecdsa: true);
        Assert.True(CertificateSignatureVerifier.Verify(root, root));
    }

    [Fact]
    public void Verify_RsaPssSelfSignature_IsTrue()
    {
        using var root = TestCertificates.PssRoot("pss", Now.AddDays(-1), Now.AddYears(1));
        Assert.True(CertificateSignatureVerifier.Verify(root, root));
    }

    [Fact]
    public void Verify_WithAnotherKey_IsFalse()
    {
        using var a = TestCertificates.Root("a", Now.AddDays(-1), Now.AddYears(1));
        using var b = TestCertificates.Root("a", Now.AddDays(-1), Now.AddYears(1));
        Assert.False(CertificateSignatureVerifier.Verify(a, b));
    }

    [Fact]
    public void Verify_IssuedCertificateWithIssuerKey_IsTrue()
    {
        using var root = TestCertificates.Root("r", Now.AddDays(-1), Now.AddYears(1));
        using var issuing = TestCertificates.Intermediate(root, "i", Now.AddDays(-1), Now.AddYears(1));
        using var publicRoot = X509CertificateLoader.LoadCertificate(root.RawData);
        Assert.True(CertificateSignatureVerifier.Verify(issuing, publicRoot));
        Assert.False(CertificateSignatureVerifier.Verify(issuing, issuing));
    }
}
