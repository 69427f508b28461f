using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// The signature unit <c>u</c>: one RSA-2048 PKCS#1 v1.5 SHA-256 <c>SignData</c> over SignedInfo-sized data (600 bytes).
/// <see cref="Program"/> runs it in every benchmark run, whatever the filter, and <see cref="SignatureUnitColumn"/>
/// states each row's median in units of its median, so figures from machines of different speed compare.
/// </summary>
public class SignatureUnitBenchmarks
{
    private RSA _rsa = null!;
    private byte[] _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        _data = RandomNumberGenerator.GetBytes(600);
    }

    [BenchmarkCategory("u"), Benchmark(Description = "u = RSA-2048 SignData (SHA-256, PKCS#1)")]
    public byte[] SignatureUnit() => _rsa.SignData(_data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();
}

/// <summary>A column with each row's median divided by the median of <see cref="SignatureUnitBenchmarks.SignatureUnit"/> in the same run.</summary>
public sealed class SignatureUnitColumn : IColumn
{
    public string Id => nameof(SignatureUnitColumn);

    public string ColumnName => "u";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median in signature units: this row's median / the median of one RSA-2048 PKCS#1 SHA-256 SignData in the same run";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var unit = summary.Reports.FirstOrDefault(r =>
            r.BenchmarkCase.Descriptor.Type == typeof(SignatureUnitBenchmarks) && r.ResultStatistics is not null);
        var row = summary[benchmarkCase]?.ResultStatistics;
        if (unit?.ResultStatistics is not { } u || row is null || u.Median <= 0)
        {
            return "?";
        }

        return (row.Median / u.Median).ToString(row.Median / u.Median < 0.01 ? "0.####" : "0.00", System.Globalization.CultureInfo.InvariantCulture);
    }
}
