using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace CertAuth.Federation.LoadDriver;

/// <summary>
/// The signature unit <c>u</c>: the median time of one RSA-2048 PKCS#1 v1.5 SHA-256 <see cref="RSA.SignData(byte[], HashAlgorithmName, RSASignaturePadding)"/>
/// on this machine, measured in this process at the start of a run. Server costs are printed in <c>u</c> so that figures
/// from machines of different speed compare: a sign-in must make one signature (floor about 1 u), a refresh two.
/// </summary>
public sealed class SignatureUnit
{
    private SignatureUnit(double microseconds, int samples)
    {
        Microseconds = microseconds;
        Samples = samples;
    }

    /// <summary>Median time of one signature, in microseconds.</summary>
    public double Microseconds { get; }

    /// <summary>How many signatures were timed (after a warm-up).</summary>
    public int Samples { get; }

    /// <summary>Times <paramref name="samples"/> signatures over SignedInfo-sized data (600 bytes) and keeps the median.</summary>
    public static SignatureUnit Measure(int samples = 1500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        using var rsa = RSA.Create(2048);
        var data = RandomNumberGenerator.GetBytes(600);
        for (var i = 0; i < 50; i++)
        {
            rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return new SignatureUnit(times[samples / 2], samples);
    }

    /// <summary><paramref name="milliseconds"/> in units, e.g. "8.41 u".</summary>
    public string Format(double milliseconds) => string.Create(CultureInfo.InvariantCulture, $"{milliseconds * 1000 / Microseconds:F2} u");

    /// <summary>The number of units <paramref name="milliseconds"/> is.</summary>
    public double Of(double milliseconds) => milliseconds * 1000 / Microseconds;

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"u = {Microseconds:F0} µs (median of {Samples} RSA-2048 PKCS#1 SHA-256 SignData, this process)");
}
