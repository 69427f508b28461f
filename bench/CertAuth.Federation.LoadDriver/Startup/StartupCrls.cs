using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Pki;

namespace CertAuth.Federation.LoadDriver.Startup;

/// <summary>
/// The CRLs the start-up scenario serves, signed by the dev PKI's CAs (<c>certs-dev/</c>, generated when missing;
/// gitignored): the issuing CA's base CRL with N random serials (never alice's), an empty delta CRL on it, and an empty
/// root CRL. Kept in memory only. CRL numbers start far above the dev PKI's own and grow with each generation.
/// </summary>
public sealed class StartupCrls
{
    public const string Root = "root-ca.crl";
    public const string Issuing = "issuing-ca.crl";
    public const string IssuingDelta = "issuing-ca-delta.crl";

    private readonly X509Certificate2 _rootCa;
    private readonly X509Certificate2 _issuingCa;
    private BigInteger _nextNumber = 1_000_000;

    public StartupCrls(string pkiDirectory)
    {
        if (!DevPki.Exists(pkiDirectory))
        {
            Console.WriteLine($"Generating the development PKI in {pkiDirectory} (gitignored)...");
            DevPki.Generate(pkiDirectory, TimeProvider.System);
        }

        var pki = DevPki.Load(pkiDirectory);
        _rootCa = pki.RootCa;
        _issuingCa = pki.IssuingCa;
        IssuingId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(_issuingCa.RawData))[..16];
    }

    /// <summary>The issuing CA's id in the product (first 16 hex digits of its SHA-256 thumbprint).</summary>
    public string IssuingId { get; }

    /// <summary>A new set: base CRL of <paramref name="entries"/> entries (seeded by <paramref name="seed"/>), its delta, the root CRL.</summary>
    public IReadOnlyDictionary<string, byte[]> Create(int entries, int seed)
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(seed);
        var revoked = new CrlEntry[entries];
        for (var i = 0; i < entries; i++)
        {
            var serial = new byte[16];
            random.NextBytes(serial);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
            revoked[i] = new CrlEntry(serial, now.AddSeconds(-i - 60), i % 3 == 0 ? X509RevocationReason.KeyCompromise : null);
        }

        var baseNumber = _nextNumber;
        _nextNumber += 2;
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Issuing] = CrlWriter.Write(_issuingCa, revoked, now, now.AddDays(7), baseNumber),
            [IssuingDelta] = CrlWriter.Write(_issuingCa, [], now, now.AddDays(1), baseNumber + 1, baseNumber),
            [Root] = CrlWriter.Write(_rootCa, [], now, now.AddDays(7), baseNumber),
        };
    }
}
