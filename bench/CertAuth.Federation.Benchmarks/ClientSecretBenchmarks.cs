using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CertAuth.Federation.Storage.Stores;
using CertAuth.Federation.TokenService.OAuth;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// A confidential client's secret check, which every token, introspection and revocation request of such a client
/// makes: PBKDF2-SHA256 with 100,000 iterations (<see cref="ClientSecretHasher"/>; what every request paid before
/// <see cref="ClientSecretVerifier"/>, and what the first request per process still pays) against the remembered
/// check (an HMAC-SHA256 and a constant-time comparison), beside the raw RSA-2048 signature a refresh makes twice.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ClientSecretBenchmarks
{
    private const string Secret = "bench-client-secret-0123456789abcdef";
    private RSA _rsa = null!;
    private byte[] _jwtSized = null!;
    private string _storedHash = null!;
    private ClientSecretVerifier _verifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        _jwtSized = RandomNumberGenerator.GetBytes(700);
        _storedHash = ClientSecretHasher.Hash(Secret);
        _verifier = new ClientSecretVerifier(TimeProvider.System);
        if (!Remembered())
        {
            throw new InvalidOperationException("The bench secret does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    [BenchmarkCategory("Client secret"), Benchmark(Baseline = true, Description = "raw RSA-2048 SignData (SHA-256, PKCS#1)")]
    public byte[] RawRsaSign() => _rsa.SignData(_jwtSized, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [BenchmarkCategory("Client secret"), Benchmark(Description = "PBKDF2 check, 100,000 iterations (before; first request per process)")]
    public bool Pbkdf2() => ClientSecretHasher.Verify(Secret, _storedHash);

    [BenchmarkCategory("Client secret"), Benchmark(Description = "remembered secret: HMAC + constant-time compare (every later request)")]
    public bool Remembered() => _verifier.VerifyAsync(Secret, _storedHash, CancellationToken.None).GetAwaiter().GetResult() == SecretCheck.Accepted;
}
