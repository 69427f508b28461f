using System.Buffers.Binary;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Compact, allocation-free dictionary key for a serial number of up to 24 octets (RFC 5280 allows 20), built from
/// the magnitude (leading zero octets removed).
/// </summary>
internal readonly struct SerialKey : IEquatable<SerialKey>
{
    public const int MaxLength = 24;

    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly ulong _low;
    private readonly int _length;

    private SerialKey(ulong high, ulong middle, ulong low, int length)
    {
        _high = high;
        _middle = middle;
        _low = low;
        _length = length;
    }

    /// <summary>Builds a key from big-endian magnitude bytes (already trimmed); false when longer than 24 octets.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> magnitude, out SerialKey key)
    {
        if (magnitude.Length > MaxLength)
        {
            key = default;
            return false;
        }

        Span<byte> buffer = stackalloc byte[MaxLength];
        buffer.Clear();
        magnitude.CopyTo(buffer[(MaxLength - magnitude.Length)..]);
        key = new SerialKey(
            BinaryPrimitives.ReadUInt64BigEndian(buffer),
            BinaryPrimitives.ReadUInt64BigEndian(buffer[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(buffer[16..]),
            magnitude.Length);
        return true;
    }

    public bool Equals(SerialKey other)
        => _low == other._low && _middle == other._middle && _high == other._high && _length == other._length;

    public override bool Equals(object? obj) => obj is SerialKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_low, _middle, _high, _length);
}
