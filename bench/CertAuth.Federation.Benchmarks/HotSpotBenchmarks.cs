using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CertAuth.Federation.Certificates.Validation;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// Before/after of two per-sign-in costs removed from the hot path (docs/performance.md), in the same run: the
/// minimum-key-size rule over a 3-certificate chain (the baseline imports each public key, as the rule did; the
/// product now reads the size from the SubjectPublicKeyInfo), and an RSA-2048 signature with the private key imported
/// from the certificate for each signature (as the XML signer did; baseline) or imported once per certificate (now).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class HotSpotBenchmarks
{
    private X509Certificate2[] _chain = null!;
    private X509Certificate2 _signing = null!;
    private RSA _cachedKey = null!;
    private byte[] _signedInfoSized = null!;

    [GlobalSetup]
    public void Setup()
    {
        var f = new Fixtures();
        _chain = [f.Alice, f.Pki.IssuingCa, f.Pki.RootCa];
        _signing = f.RsaSigning;
        _cachedKey = _signing.GetRSAPrivateKey()!;
        _signedInfoSized = RandomNumberGenerator.GetBytes(600);
    }

    [BenchmarkCategory("Key size, 3 certificates"), Benchmark(Baseline = true, Description = "import each public key (before)")]
    public int KeySizeByImport()
    {
        var total = 0;
        foreach (var certificate in _chain)
        {
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is not null)
            {
                total += rsa.KeySize;
                continue;
            }

            using var ecdsa = certificate.GetECDsaPublicKey();
            total += ecdsa?.KeySize ?? 0;
        }

        return total;
    }

    [BenchmarkCategory("Key size, 3 certificates"), Benchmark(Description = "CertificateRules.GetKeySize from the SPKI (now)")]
    public int KeySizeFromSpki()
    {
        var total = 0;
        foreach (var certificate in _chain)
        {
            total += CertificateRules.GetKeySize(certificate).Size;
        }

        return total;
    }

    [BenchmarkCategory("Signing key"), Benchmark(Baseline = true, Description = "GetRSAPrivateKey() + SignData per signature (before)")]
    public byte[] SignWithImportedKey()
    {
        using var rsa = _signing.GetRSAPrivateKey()!;
        return rsa.SignData(_signedInfoSized, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [BenchmarkCategory("Signing key"), Benchmark(Description = "SignData with the key imported once (now)")]
    public byte[] SignWithCachedKey() => _cachedKey.SignData(_signedInfoSized, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
}
