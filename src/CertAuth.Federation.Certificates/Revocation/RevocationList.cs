using System.Buffers;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// An immutable, parsed X.509 CRL (RFC 5280 §5). Produced by <see cref="CrlParser"/>; its signature is NOT verified
/// by parsing — use <see cref="CrlSignatureVerifier"/>.
/// </summary>
public sealed class RevocationList
{
    private const int MaxStackSerialChars = 256;

    private readonly byte[] _der;
    private readonly RevokedSerialIndex _index;

    internal RevocationList(
        byte[] rawData,
        ReadOnlyMemory<byte> tbsCertList,
        ReadOnlyMemory<byte> signatureAlgorithm,
        ReadOnlyMemory<byte> signature,
        int version,
        string signatureAlgorithmOid,
        X500DistinguishedName issuer,
        DateTimeOffset thisUpdate,
        DateTimeOffset? nextUpdate,
        BigInteger? crlNumber,
        BigInteger? baseCrlNumber,
        string? authorityKeyIdentifier,
        CrlIssuingDistributionPoint? issuingDistributionPoint,
        RevokedSerialIndex index)
    {
        RawData = rawData;
        TbsCertList = tbsCertList;
        SignatureAlgorithm = signatureAlgorithm;
        Signature = signature;
        Version = version;
        SignatureAlgorithmOid = signatureAlgorithmOid;
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        CrlNumber = crlNumber;
        BaseCrlNumber = baseCrlNumber;
        AuthorityKeyIdentifier = authorityKeyIdentifier;
        IssuingDistributionPoint = issuingDistributionPoint;
        _der = rawData;
        _index = index;
    }

    /// <summary>The DER encoding of the whole CRL.</summary>
    public ReadOnlyMemory<byte> RawData { get; }

    /// <summary>CRL version as encoded (0 = v1, 1 = v2).</summary>
    public int Version { get; }

    /// <summary>OID of the signature algorithm.</summary>
    public string SignatureAlgorithmOid { get; }

    /// <summary>The CRL issuer's distinguished name.</summary>
    public X500DistinguishedName Issuer { get; }

    /// <summary>thisUpdate: the CRL's issue date, its "effective date".</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>nextUpdate: when a newer CRL is due. After it the CRL is stale.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>The CRL Number extension (RFC 5280 §5.2.3), if present.</summary>
    public BigInteger? CrlNumber { get; }

    /// <summary>True when the CRL carries a Delta CRL Indicator (RFC 5280 §5.2.4).</summary>
    public bool IsDelta => BaseCrlNumber.HasValue;

    /// <summary>The Delta CRL Indicator's base CRL number (deltas only).</summary>
    public BigInteger? BaseCrlNumber { get; }

    /// <summary>The Authority Key Identifier's keyIdentifier as upper-case hex, if present.</summary>
    public string? AuthorityKeyIdentifier { get; }

    /// <summary>The Issuing Distribution Point extension (RFC 5280 §5.2.5), if present: the scope of the CRL.</summary>
    public CrlIssuingDistributionPoint? IssuingDistributionPoint { get; }

    /// <summary>Number of revoked entries.</summary>
    public int Count => _index.Count;

    internal ReadOnlyMemory<byte> TbsCertList { get; }

    internal ReadOnlyMemory<byte> SignatureAlgorithm { get; }

    internal ReadOnlyMemory<byte> Signature { get; }

    /// <summary>Looks up a serial number (hex, any case, leading zero octets ignored).</summary>
    public bool TryGetRevocation(string serialNumberHex, out DateTimeOffset revocationDate)
        => TryGetRevocation(serialNumberHex, out revocationDate, out _);

    /// <summary>Looks up a serial number and returns its revocation date and reason code (if any).</summary>
    public bool TryGetRevocation(string serialNumberHex, out DateTimeOffset revocationDate, out X509RevocationReason? reason)
    {
        ArgumentNullException.ThrowIfNull(serialNumberHex);
        revocationDate = default;
        reason = null;

        // Same reading as SerialNumbers.Normalize (trim; spaces and colons ignored; odd length padded; any case),
        // without allocating; the usual form (even-length hex, no separators) is decoded in place.
        var trimmed = serialNumberHex.AsSpan().Trim();
        scoped ReadOnlySpan<char> hex = trimmed;
        var simple = trimmed.Length % 2 == 0 && trimmed.IndexOfAny(' ', ':') < 0;
        Span<char> chars = simple ? default : trimmed.Length < MaxStackSerialChars ? stackalloc char[trimmed.Length + 1] : new char[trimmed.Length + 1];
        if (!simple)
        {
            var length = 0;
            foreach (var c in trimmed)
            {
                if (c is not ' ' and not ':')
                {
                    chars[1 + length++] = c;
                }
            }

            hex = chars.Slice(1, length);
            if (length % 2 == 1)
            {
                chars[0] = '0';
                hex = chars[..(length + 1)];
            }
        }

        Span<byte> bytes = hex.Length / 2 <= MaxStackSerialChars / 2 ? stackalloc byte[hex.Length / 2] : new byte[hex.Length / 2];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != OperationStatus.Done
            || !_index.TryFind(SerialNumbers.TrimLeadingZeros(bytes[..written]), out var entryOffset))
        {
            return false;
        }

        var entry = CrlEntryReader.Decode(_der, entryOffset);
        revocationDate = entry.RevocationDate;
        reason = entry.RevocationReason;
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
        => $"{(IsDelta ? "Delta CRL" : "CRL")} #{CrlNumber} by {Issuer.Name}, {ThisUpdate:u}..{NextUpdate:u}, {Count} entries";
}
