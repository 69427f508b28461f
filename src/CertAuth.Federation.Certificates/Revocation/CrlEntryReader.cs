using System.Buffers;
using System.Formats.Asn1;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Reads the revokedCertificates entries of a CRL (RFC 5280 §5.1.2.6) straight from the DER bytes with the
/// allocation-free <see cref="AsnDecoder"/> span methods. Every entry is fully validated when the CRL is loaded
/// (DER INTEGER serial, UTCTime/GeneralizedTime date, reason code, no unrecognised critical entry extension); only
/// the entry's offset is kept, and its date and reason are decoded again from the same bytes on a look-up hit.
/// </summary>
internal static class CrlEntryReader
{
    private const AsnEncodingRules Der = AsnEncodingRules.DER;
    private const byte UtcTimeTag = 0x17;
    private const byte GeneralizedTimeTag = 0x18;

    // DER encodings of the OBJECT IDENTIFIERs matched per entry (compared as bytes).
    private static ReadOnlySpan<byte> ReasonCodeOid => [0x06, 0x03, 0x55, 0x1D, 0x15];

    private static ReadOnlySpan<byte> InvalidityDateOid => [0x06, 0x03, 0x55, 0x1D, 0x18];

    /// <summary>
    /// Validates the entries in <c>der[start..start+length]</c> (the content of revokedCertificates) and returns the
    /// offset of each entry's SEQUENCE in <paramref name="der"/>, in a pooled array the caller returns.
    /// </summary>
    public static int[] ReadEntryOffsets(byte[] der, int start, int length, out int count)
    {
        var list = der.AsSpan(start, length);
        var offsets = ArrayPool<int>.Shared.Rent(Math.Max(16, length / 40));
        count = 0;
        ReadOnlySpan<byte> lastTime = default;
        var position = 0;
        try
        {
            while (position < list.Length)
            {
                AsnDecoder.ReadSequence(list[position..], Der, out var contentOffset, out var contentLength, out var consumed);
                var entry = list.Slice(position + contentOffset, contentLength);
                AsnDecoder.ReadIntegerBytes(entry, Der, out var serialLength);
                entry = entry[serialLength..];
                entry = entry[ValidateTime(entry, ref lastTime)..];
                if (!entry.IsEmpty)
                {
                    AsnDecoder.ReadSequence(entry, Der, out var extensionsOffset, out var extensionsLength, out var extensionsConsumed);
                    ReadReason(entry.Slice(extensionsOffset, extensionsLength));
                    if (extensionsConsumed != entry.Length)
                    {
                        throw new CrlFormatException("A CRL entry has data after its extensions.");
                    }
                }

                if (count == offsets.Length)
                {
                    var larger = ArrayPool<int>.Shared.Rent(offsets.Length * 2);
                    offsets.AsSpan().CopyTo(larger);
                    ArrayPool<int>.Shared.Return(offsets);
                    offsets = larger;
                }

                offsets[count++] = start + position;
                position += consumed;
            }
        }
        catch
        {
            ArrayPool<int>.Shared.Return(offsets);
            throw;
        }

        return offsets;
    }

    /// <summary>The serial's magnitude (leading zero octets removed) of the already-validated entry at <paramref name="entryOffset"/>.</summary>
    public static ReadOnlySpan<byte> SerialAt(ReadOnlySpan<byte> der, int entryOffset)
    {
        var position = entryOffset + 1; // SEQUENCE tag (0x30), validated at load
        SkipLength(der, ref position);
        position++; // INTEGER tag (0x02), validated at load
        var length = SkipLength(der, ref position);
        return SerialNumbers.TrimLeadingZeros(der.Slice(position, length));
    }

    /// <summary>
    /// Decodes the revocation date and reason of the entry at <paramref name="entryOffset"/>, which was fully validated
    /// at load: the bytes are walked directly (plain UTCTime/GeneralizedTime read digit by digit), and anything less
    /// common (fractional seconds) goes to <see cref="AsnDecoder"/>.
    /// </summary>
    public static RevokedEntry Decode(ReadOnlySpan<byte> der, int entryOffset)
    {
        var position = entryOffset + 1;
        var entryLength = SkipLength(der, ref position);
        var entryEnd = position + entryLength;
        position++; // INTEGER
        var serialLength = SkipLength(der, ref position);
        position += serialLength;

        long ticks;
        var time = der[position..entryEnd];
        if (time[1] < 0x80 && ((time[0] == UtcTimeTag && time[1] == 13) || (time[0] == GeneralizedTimeTag && time[1] == 15))
            && IsPlainTime(time.Slice(2, time[1]), twoDigitYear: time[0] == UtcTimeTag))
        {
            ticks = PlainTimeTicks(time.Slice(2, time[1]), twoDigitYear: time[0] == UtcTimeTag);
            position += 2 + time[1];
        }
        else
        {
            var date = time[0] == UtcTimeTag ? AsnDecoder.ReadUtcTime(time, Der, out var consumed) : AsnDecoder.ReadGeneralizedTime(time, Der, out consumed);
            ticks = date.UtcTicks;
            position += consumed;
        }

        var reason = RevokedEntry.NoReason;
        if (position < entryEnd)
        {
            position++; // SEQUENCE OF Extension
            SkipLength(der, ref position);
            while (position < entryEnd)
            {
                position++; // Extension SEQUENCE
                var extensionLength = SkipLength(der, ref position);
                var next = position + extensionLength;
                if (der.Slice(position, extensionLength).StartsWith(ReasonCodeOid))
                {
                    var at = position + ReasonCodeOid.Length;
                    if (der[at] == 0x01)
                    {
                        at += 3; // BOOLEAN, one content octet in DER
                    }

                    at++; // OCTET STRING
                    SkipLength(der, ref at);
                    at++; // ENUMERATED, one content octet (checked at load)
                    SkipLength(der, ref at);
                    reason = (sbyte)der[at];
                }

                position = next;
            }
        }

        return new RevokedEntry(ticks, reason);
    }

    private static long PlainTimeTicks(ReadOnlySpan<byte> text, bool twoDigitYear)
    {
        int year;
        var at = 2;
        if (twoDigitYear)
        {
            year = Digits(text, 0);
            year += year < 50 ? 2000 : 1900;
        }
        else
        {
            year = (Digits(text, 0) * 100) + Digits(text, 2);
            at = 4;
        }

        return new DateTime(year, Digits(text, at), Digits(text, at + 2), Digits(text, at + 4), Digits(text, at + 6), Digits(text, at + 8), DateTimeKind.Utc).Ticks;
    }

    private static int SkipLength(ReadOnlySpan<byte> der, ref int position)
    {
        int first = der[position++];
        if (first < 0x80)
        {
            return first;
        }

        var value = 0;
        for (var i = first & 0x7F; i > 0; i--)
        {
            value = (value << 8) | der[position++];
        }

        return value;
    }

    // Returns the number of bytes of the UTCTime/GeneralizedTime at the start of entry, throwing when it is not a valid
    // DER time. Fast path: the common "YYMMDDHHMMSSZ"/"YYYYMMDDHHMMSSZ" forms are checked digit by digit (and a run
    // of identical dates is checked once); anything else goes to AsnDecoder, which decides.
    private static int ValidateTime(ReadOnlySpan<byte> entry, ref ReadOnlySpan<byte> lastTime)
    {
        if (entry.Length >= 2 && entry[1] < 0x80 && entry[1] + 2 <= entry.Length)
        {
            var encoded = entry[..(entry[1] + 2)];
            if (!lastTime.IsEmpty && encoded.SequenceEqual(lastTime))
            {
                return encoded.Length;
            }

            if ((encoded[0] == UtcTimeTag && encoded.Length == 15 && IsPlainTime(encoded[2..], twoDigitYear: true))
                || (encoded[0] == GeneralizedTimeTag && encoded.Length == 17 && IsPlainTime(encoded[2..], twoDigitYear: false)))
            {
                lastTime = encoded;
                return encoded.Length;
            }
        }

        var tag = Asn1Tag.Decode(entry, out _);
        int consumed;
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            AsnDecoder.ReadUtcTime(entry, Der, out consumed);
        }
        else if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
        {
            AsnDecoder.ReadGeneralizedTime(entry, Der, out consumed);
        }
        else
        {
            throw new CrlFormatException("Expected a UTCTime or GeneralizedTime.");
        }

        return consumed;
    }

    // "YYMMDDHHMMSSZ" (UTCTime, RFC 5280 §4.1.2.5.1: YY < 50 is 20YY) or "YYYYMMDDHHMMSSZ", a real calendar instant.
    private static bool IsPlainTime(ReadOnlySpan<byte> text, bool twoDigitYear)
    {
        if (text[^1] != (byte)'Z')
        {
            return false;
        }

        for (var i = 0; i < text.Length - 1; i++)
        {
            if ((uint)(text[i] - '0') > 9)
            {
                return false;
            }
        }

        int year;
        var at = 2;
        if (twoDigitYear)
        {
            year = Digits(text, 0);
            year += year < 50 ? 2000 : 1900;
        }
        else
        {
            year = (Digits(text, 0) * 100) + Digits(text, 2);
            at = 4;
        }

        var month = Digits(text, at);
        var day = Digits(text, at + 2);
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
               && Digits(text, at + 4) < 24 && Digits(text, at + 6) < 60 && Digits(text, at + 8) < 60;
    }

    private static int Digits(ReadOnlySpan<byte> text, int at) => ((text[at] - '0') * 10) + (text[at + 1] - '0');

    // Entry extensions: the reason code is returned; an unrecognised critical extension (e.g. certificateIssuer of an
    // indirect CRL) makes the CRL unusable (RFC 5280 §5.3).
    private static sbyte ReadReason(ReadOnlySpan<byte> extensions)
    {
        var reason = RevokedEntry.NoReason;
        while (!extensions.IsEmpty)
        {
            AsnDecoder.ReadSequence(extensions, Der, out var contentOffset, out var contentLength, out var consumed);
            var extension = extensions.Slice(contentOffset, contentLength);
            extensions = extensions[consumed..];
            AsnDecoder.ReadEncodedValue(extension, Der, out _, out _, out var oidLength);
            var oid = extension[..oidLength];
            extension = extension[oidLength..];
            var critical = false;
            if (Asn1Tag.Decode(extension, out _).HasSameClassAndValue(Asn1Tag.Boolean))
            {
                critical = AsnDecoder.ReadBoolean(extension, Der, out var booleanLength);
                extension = extension[booleanLength..];
            }

            if (!AsnDecoder.TryReadPrimitiveOctetString(extension, Der, out var value, out _))
            {
                throw new CrlFormatException("Malformed CRL entry extension.");
            }

            if (oid.SequenceEqual(ReasonCodeOid))
            {
                var code = AsnDecoder.ReadEnumeratedBytes(value, Der, out _);
                reason = code.Length == 1 && code[0] <= 10 ? (sbyte)code[0] : throw new CrlFormatException("Invalid CRL reason code.");
            }
            else if (critical && !oid.SequenceEqual(InvalidityDateOid))
            {
                throw new CrlFormatException(CrlErrorCode.UnsupportedCriticalExtension,
                    "The CRL has an unsupported critical entry extension (e.g. certificateIssuer of an indirect CRL; RFC 5280 §5.3).");
            }
        }

        return reason;
    }
}
