using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CertAuth.Federation.Certificates;
using CertAuth.Federation.Certificates.Authorities;
using CertAuth.Federation.Certificates.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// The sign-in's certificate step (issue 16, second pass): <see cref="ClientCertificateValidator"/> on a 3-certificate
/// chain with the validated-chain cache off (every call builds the X509Chain and applies every rule; the cost before
/// this pass) and on (a repeat sign-in: hash of the leaf, snapshot checks, the rules' result reused). Revocation is
/// not part of either row (no CRL URL configured: it is an in-memory lookup either way). Baseline: one raw RSA-2048
/// signature, so the ratio column reads in signature units.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CertificateValidationBenchmarks
{
    private ServiceProvider _uncachedServices = null!;
    private ServiceProvider _cachedServices = null!;
    private IClientCertificateValidator _uncached = null!;
    private IClientCertificateValidator _cached = null!;
    private X509Certificate2 _alice = null!;
    private RSA _rsa = null!;
    private byte[] _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        var f = new Fixtures();
        _alice = f.Alice;
        _rsa = RSA.Create(2048);
        _data = RandomNumberGenerator.GetBytes(600);
        (_uncachedServices, _uncached) = Create(f, 0);
        (_cachedServices, _cached) = Create(f, 4096);
        if (!Uncached() || !Cached())
        {
            throw new InvalidOperationException("The benchmark certificate does not validate.");
        }
    }

    [BenchmarkCategory("Certificate validation"), Benchmark(Baseline = true, Description = "raw RSA-2048 SignData (1 u)")]
    public byte[] RawSignature() => _rsa.SignData(_data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [BenchmarkCategory("Certificate validation"), Benchmark(Description = "ValidateAsync, chain cache off (before)")]
    public bool Uncached() => _uncached.ValidateAsync(_alice, null, default).AsTask().GetAwaiter().GetResult().Succeeded;

    [BenchmarkCategory("Certificate validation"), Benchmark(Description = "ValidateAsync, repeat certificate, chain cache on (now)")]
    public bool Cached() => _cached.ValidateAsync(_alice, null, default).AsTask().GetAwaiter().GetResult().Succeeded;

    [GlobalCleanup]
    public void Cleanup()
    {
        _uncachedServices.Dispose();
        _cachedServices.Dispose();
        _rsa.Dispose();
    }

    private static (ServiceProvider, IClientCertificateValidator) Create(Fixtures f, int cacheSize)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(Fixtures.Now));
        services.AddSingleton<ITrustedAuthoritySource>(new InMemoryTrustedAuthoritySource([f.Pki.RootAuthority(), f.Pki.IssuingAuthority()]));
        services.AddCertificateValidation(b => b.ConfigureValidation(o => o.ChainCacheSize = cacheSize));
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IClientCertificateValidator>());
    }
}
