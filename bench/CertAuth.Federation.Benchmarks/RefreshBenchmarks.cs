using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CertAuth.Federation.TokenService.Hosting;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// Redeeming a refresh token (store look-up, client and expiry checks, user and sessions, CRL check on a cached
/// 100,000-entry CRL, rotation in one SQLite transaction, new access and id token JWTs) against the raw signatures it
/// cannot avoid: one redemption with <c>openid</c> signs two JWTs, so both one and two raw signatures over a JWT-sized
/// input are shown. Target: redemption rate >= 0.9 of the raw (single-signature) rate. Store: SQLite file in a temp
/// folder, opened as the product opens it (<see cref="RefreshRig"/>).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class RefreshBenchmarks
{
    private RSA _rsa = null!;
    private ECDsa _ecdsa = null!;
    private RefreshRig _rs256 = null!;
    private RefreshRig _rs256Durable = null!;
    private RefreshRig _es256 = null!;
    private byte[] _jwtSized = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var crl = CrlInputs.Get(Program.Quick ? 1_000 : 100_000);
        _rs256 = new RefreshRig(new TokenSigningKey(_rsa), crl);
        _es256 = new RefreshRig(new TokenSigningKey(_ecdsa), crl);
        _rs256Durable = new RefreshRig(new TokenSigningKey(_rsa), crl, durableCommits: true);
        // An access token's header.payload is about 700 bytes.
        _jwtSized = RandomNumberGenerator.GetBytes(700);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rs256.Dispose();
        _es256.Dispose();
        _rs256Durable.Dispose();
    }

    [BenchmarkCategory("Refresh RS256"), Benchmark(Baseline = true, Description = "raw RSA-2048 SignData (SHA-256, PKCS#1)")]
    public byte[] RawRsaSign() => _rsa.SignData(_jwtSized, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [BenchmarkCategory("Refresh RS256"), Benchmark(Description = "2 x raw RSA-2048 SignData (access + id token)")]
    public byte[] RawRsaSignTwice()
    {
        _rsa.SignData(_jwtSized, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return _rsa.SignData(_jwtSized, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [BenchmarkCategory("Refresh RS256"), Benchmark(Description = "redeem refresh token (SQLite file, CRL, rotation, 2 JWTs RS256)")]
    public Task<string> RedeemRs256() => _rs256.RedeemAsync();

    [BenchmarkCategory("Refresh RS256"), Benchmark(Description = "the same with SQLite synchronous=FULL (a disk sync per rotation)")]
    public Task<string> RedeemRs256DurableCommits() => _rs256Durable.RedeemAsync();

    [BenchmarkCategory("Refresh ES256"), Benchmark(Baseline = true, Description = "raw ECDSA P-256 SignData (SHA-256)")]
    public byte[] RawEcdsaSign() => _ecdsa.SignData(_jwtSized, HashAlgorithmName.SHA256);

    [BenchmarkCategory("Refresh ES256"), Benchmark(Description = "2 x raw ECDSA P-256 SignData (access + id token)")]
    public byte[] RawEcdsaSignTwice()
    {
        _ecdsa.SignData(_jwtSized, HashAlgorithmName.SHA256);
        return _ecdsa.SignData(_jwtSized, HashAlgorithmName.SHA256);
    }

    [BenchmarkCategory("Refresh ES256"), Benchmark(Description = "redeem refresh token (SQLite file, CRL, rotation, 2 JWTs ES256)")]
    public Task<string> RedeemEs256() => _es256.RedeemAsync();
}
