using System.Buffers;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// The set of revoked serial numbers of one CRL: an open-addressed (linear probing) table over the CRL's own DER
/// bytes. Each slot is one 64-bit word — a 32-bit hash of the serial and the 32-bit offset of its entry in the DER —
/// so the index costs about 11.5 bytes per entry (load factor 0.7) on top of the DER the CRL keeps anyway for its
/// signature check, and a look-up allocates nothing. Serials are compared as bytes (magnitude, leading zero octets
/// removed), of any length. The hash is <see cref="HashCode"/> (seeded per process), so a crafted CRL cannot
/// predict collisions. A serial listed twice keeps its last entry.
/// </summary>
internal sealed class RevokedSerialIndex
{
    private const double MaxLoadFactor = 0.7;

    private readonly byte[] _der;
    private readonly ulong[] _slots;

    private RevokedSerialIndex(byte[] der, ulong[] slots)
    {
        _der = der;
        _slots = slots;
    }

    /// <summary>Number of distinct revoked serials.</summary>
    public int Count { get; private set; }

    /// <summary>An index with no entries.</summary>
    public static RevokedSerialIndex Empty(byte[] der) => new(der, []);

    /// <summary>Validates the revokedCertificates content at <c>der[start..start+length]</c> and indexes it.</summary>
    public static RevokedSerialIndex Build(byte[] der, int start, int length)
    {
        var offsets = CrlEntryReader.ReadEntryOffsets(der, start, length, out var count);
        try
        {
            var capacity = (int)Math.Min(Array.MaxLength, (long)(count / MaxLoadFactor) + 1);
            var index = new RevokedSerialIndex(der, new ulong[capacity]);
            foreach (var offset in offsets.AsSpan(0, count))
            {
                index.Insert(offset);
            }

            return index;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    /// <summary>Finds a serial (magnitude bytes); returns the offset of its entry in the DER.</summary>
    public bool TryFind(ReadOnlySpan<byte> serial, out int entryOffset)
    {
        var slots = _slots;
        if (slots.Length == 0)
        {
            entryOffset = 0;
            return false;
        }

        var hash = Hash(serial);
        var i = Home(hash, slots.Length);
        while (true)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                entryOffset = 0;
                return false;
            }

            if ((uint)(slot >> 32) == hash && CrlEntryReader.SerialAt(_der, (int)(uint)slot).SequenceEqual(serial))
            {
                entryOffset = (int)(uint)slot;
                return true;
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    private void Insert(int entryOffset)
    {
        // Offset 0 is the CRL's outer SEQUENCE, never an entry, so a zero slot always means "empty".
        var serial = CrlEntryReader.SerialAt(_der, entryOffset);
        var hash = Hash(serial);
        var slots = _slots;
        var value = ((ulong)hash << 32) | (uint)entryOffset;
        var i = Home(hash, slots.Length);
        while (true)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                slots[i] = value;
                Count++;
                return;
            }

            if ((uint)(slot >> 32) == hash && CrlEntryReader.SerialAt(_der, (int)(uint)slot).SequenceEqual(serial))
            {
                slots[i] = value;
                return;
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    private static uint Hash(ReadOnlySpan<byte> serial)
    {
        var hash = default(HashCode);
        hash.AddBytes(serial);
        return (uint)hash.ToHashCode();
    }

    // Maps the hash onto [0, length) without a division (Lemire's multiply-shift range reduction).
    private static int Home(uint hash, int length) => (int)(((ulong)hash * (uint)length) >> 32);
}
