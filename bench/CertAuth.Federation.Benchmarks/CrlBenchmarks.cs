using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CertAuth.Federation.Certificates.Revocation;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// Loading a CRL: parse + signature check + index, the product (<see cref="CrlParser"/> +
/// <see cref="CrlSignatureVerifier"/>) against the plain AsnReader + RSA + Dictionary pipeline.
/// Target for 1,000,000 entries: <= 0.5 s (retained memory is measured by <c>crl-memory</c>, see Program).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
public class CrlLoadBenchmarks
{
    private CrlInputs _inputs = null!;

    public static IEnumerable<int> Sizes => Program.Quick ? [100_000] : [100_000, 1_000_000];

    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup() => _inputs = CrlInputs.Get(Entries);

    [BenchmarkCategory("CRL load"), Benchmark(Baseline = true, Description = "plain AsnReader + verify + Dictionary<string>")]
    public int Plain() => PlainCrlLoader.Load(_inputs.Der, _inputs.Pki.IssuingCa).Count;

    [BenchmarkCategory("CRL load"), Benchmark(Description = "CrlParser.Parse + CrlSignatureVerifier.Verify")]
    public int Product()
    {
        var crl = CrlParser.Parse(_inputs.Der);
        return CrlSignatureVerifier.Verify(crl, _inputs.Pki.IssuingCa) is null ? crl.Count : throw new InvalidOperationException("CRL rejected");
    }
}

/// <summary>Looking a serial up (hex string, as the revocation checker does) in a loaded 1M-entry CRL. Target <= 100 ns.</summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CrlLookupBenchmarks
{
    private const int Batch = 1024;
    private CrlInputs _inputs = null!;
    private RevocationList _crl = null!;
    private Dictionary<string, DateTimeOffset> _plain = null!;

    public static IEnumerable<int> Sizes => Program.Quick ? [100_000] : [1_000_000];

    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inputs = CrlInputs.Get(Entries);
        _crl = CrlParser.Parse(_inputs.Der);
        _plain = PlainCrlLoader.Load(_inputs.Der, _inputs.Pki.IssuingCa);
    }

    [BenchmarkCategory("CRL lookup hit"), Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "plain Dictionary<string> hit")]
    public int PlainHit()
    {
        var found = 0;
        foreach (var serial in _inputs.Hits)
        {
            found += _plain.ContainsKey(serial) ? 1 : 0;
        }

        return found;
    }

    [BenchmarkCategory("CRL lookup hit"), Benchmark(OperationsPerInvoke = Batch, Description = "RevocationList.TryGetRevocation hit")]
    public int ProductHit()
    {
        var found = 0;
        foreach (var serial in _inputs.Hits)
        {
            found += _crl.TryGetRevocation(serial, out _) ? 1 : 0;
        }

        return found;
    }

    [BenchmarkCategory("CRL lookup miss"), Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "plain Dictionary<string> miss")]
    public int PlainMiss()
    {
        var found = 0;
        foreach (var serial in _inputs.Misses)
        {
            found += _plain.ContainsKey(serial) ? 1 : 0;
        }

        return found;
    }

    [BenchmarkCategory("CRL lookup miss"), Benchmark(OperationsPerInvoke = Batch, Description = "RevocationList.TryGetRevocation miss")]
    public int ProductMiss()
    {
        var found = 0;
        foreach (var serial in _inputs.Misses)
        {
            found += _crl.TryGetRevocation(serial, out _) ? 1 : 0;
        }

        return found;
    }
}
