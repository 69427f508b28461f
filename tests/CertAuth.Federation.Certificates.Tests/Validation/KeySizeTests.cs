using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Validation;

namespace CertAuth.Federation.Certificates.Tests.Validation;

/// <summary>
/// The key size the minimum-key-size rule reads from the SubjectPublicKeyInfo (without importing the key) is the size the
/// imported key reports, for RSA and the named curves.
/// </summary>
public sealed class KeySizeTests
{
    [Theory]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    public void RsaKeySize_IsTheImportedKeysSize(int bits)
    {
        using var rsa = RSA.Create(bits);
        using var certificate = SelfSigned(new CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var (kind, size) = CertificateRules.GetKeySize(certificate);

        Assert.Equal("RSA", kind);
        using var imported = certificate.GetRSAPublicKey()!;
        Assert.Equal(imported.KeySize, size);
        Assert.Equal(bits, size);
    }

    [Theory]
    [InlineData("nistP256", 256)]
    [InlineData("nistP384", 384)]
    [InlineData("nistP521", 521)]
    public void EcKeySize_IsTheNamedCurvesSize(string curve, int bits)
    {
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var certificate = SelfSigned(new CertificateRequest("CN=ec", ecdsa, HashAlgorithmName.SHA256));

        var (kind, size) = CertificateRules.GetKeySize(certificate);

        Assert.Equal("EC", kind);
        using var imported = certificate.GetECDsaPublicKey()!;
        Assert.Equal(imported.KeySize, size);
        Assert.Equal(bits, size);
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request)
    {
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }
}
