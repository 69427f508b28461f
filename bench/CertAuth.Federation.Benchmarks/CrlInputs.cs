using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;
using CertAuth.Federation.Testing.Pki;

namespace CertAuth.Federation.Benchmarks;

/// <summary>
/// A generated CRL of <c>count</c> entries signed by a test issuing CA (RSA-2048, SHA-256): 16-byte random positive
/// serials (like a real CA's), revocation dates one second apart, a reason code on every other entry. Made with the
/// linear <see cref="CrlWriter"/> at setup; never written to disk.
/// </summary>
public sealed class CrlInputs
{
    private static readonly Dictionary<int, CrlInputs> Cache = [];

    private CrlInputs(int count)
    {
        Pki = TestPki.Create(new FixedTimeProvider(Fixtures.Now));
        var random = new Random(20261129);
        Serials = new string[count];
        var entries = new CrlEntry[count];
        for (var i = 0; i < count; i++)
        {
            var serial = new byte[16];
            random.NextBytes(serial);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
            Serials[i] = Convert.ToHexString(serial);
            entries[i] = new CrlEntry(serial, Fixtures.Now.AddSeconds(-i), i % 2 == 0 ? X509RevocationReason.KeyCompromise : null);
        }

        Der = CrlWriter.Write(Pki.IssuingCa, entries, Fixtures.Now, Fixtures.Now.AddDays(7), 1000);
        Misses = Enumerable.Range(0, 1024).Select(_ =>
        {
            var serial = new byte[16];
            random.NextBytes(serial);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
            return Convert.ToHexString(serial);
        }).ToArray();
        Hits = Enumerable.Range(0, 1024).Select(_ => Serials[random.Next(count)]).ToArray();
    }

    public TestPki Pki { get; }

    public byte[] Der { get; }

    public string[] Serials { get; }

    /// <summary>1,024 serials on the CRL, spread over it (cold cache lines, like real traffic).</summary>
    public string[] Hits { get; }

    /// <summary>1,024 serials not on the CRL.</summary>
    public string[] Misses { get; }

    public static CrlInputs Get(int count)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(count, out var inputs))
            {
                inputs = new CrlInputs(count);
                Cache[count] = inputs;
            }

            return inputs;
        }
    }
}

/// <summary>
/// The plain .NET way (the baseline docs/performance.md compares against): AsnReader over the whole CRL, RSA verification of the TBS bytes, and a
/// Dictionary keyed by the serial's hex string.
/// </summary>
public static class PlainCrlLoader
{
    public static Dictionary<string, DateTimeOffset> Load(byte[] der, X509Certificate2 issuer)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbsBytes = outer.ReadEncodedValue();
        outer.ReadEncodedValue();
        var signature = outer.ReadBitString(out _);
        using var key = issuer.GetRSAPublicKey()!;
        if (!key.VerifyData(tbsBytes.Span, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw new CryptographicException("CRL signature invalid.");
        }

        var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
        tbs.ReadInteger();
        tbs.ReadEncodedValue();
        tbs.ReadEncodedValue();
        ReadTime(tbs);
        ReadTime(tbs);
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var list = tbs.ReadSequence();
        while (list.HasData)
        {
            var entry = list.ReadSequence();
            var serial = Convert.ToHexString(entry.ReadIntegerBytes().Span);
            result[serial] = ReadTime(entry);
            if (entry.HasData)
            {
                entry.ReadEncodedValue();
            }
        }

        return result;
    }

    private static DateTimeOffset ReadTime(AsnReader reader)
        => reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
