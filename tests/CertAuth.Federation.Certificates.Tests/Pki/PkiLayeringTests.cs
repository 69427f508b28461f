using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Revocation;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;

namespace CertAuth.Federation.Certificates.Tests.Pki;

/// <summary>
/// The validating library carries no certificate issuance, the issuing library (dev PKI) never signs with SHA-1,
/// and the test-only helpers (the test PKI, the SHA-1 signer) live in their own assembly.
/// </summary>
public sealed class PkiLayeringTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ValidatingAssembly_HasNoIssuanceOrTestTypes()
    {
        var types = typeof(CrlParser).Assembly.GetTypes();

        Assert.DoesNotContain(types, t => t.IsSubclassOf(typeof(X509SignatureGenerator)));
        Assert.DoesNotContain(types, t => t.Name is "TestPki" or "CertificateFactory" or "CrlWriter" or "DevPki");
    }

    [Fact]
    public void IssuingAssembly_HasNoTestTypesAndNoSignatureGenerator()
    {
        var types = typeof(CertificateFactory).Assembly.GetTypes();

        Assert.DoesNotContain(types, t => t.IsSubclassOf(typeof(X509SignatureGenerator)));
        Assert.DoesNotContain(types, t => t.Name == "TestPki");
        Assert.NotEqual(typeof(CertificateFactory).Assembly, typeof(TestPki).Assembly);
        Assert.Equal(typeof(TestPki).Assembly, typeof(Sha1SignatureGenerator).Assembly);
    }

    [Fact]
    public void IssuingLibrary_RefusesSha1_UnlessTheCallerBringsTheSigner()
    {
        var pki = TestPki.Create();
        var sha1 = pki.UserOptions("sha1", "sha1@contoso.com") with { HashAlgorithm = HashAlgorithmName.SHA1 };

        Assert.Throws<ArgumentException>(() => CertificateFactory.CreateUser(pki.IssuingCa, sha1));
        Assert.Throws<ArgumentException>(() => CrlWriter.Write(pki.IssuingCa, [], Now, Now.AddDays(1), 1, hashAlgorithm: HashAlgorithmName.SHA1));

        using var certificate = CertificateFactory.CreateUser(pki.IssuingCa, sha1 with { SignatureGenerator = key => new Sha1SignatureGenerator(key) });
        Assert.Equal("1.2.840.113549.1.1.5", certificate.SignatureAlgorithm.Value);
    }
}
