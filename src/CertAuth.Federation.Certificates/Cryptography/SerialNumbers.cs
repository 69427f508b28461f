namespace CertAuth.Federation.Certificates.Cryptography;

/// <summary>
/// Canonical serial number form used for revocation look-ups: upper-case hex of the magnitude (leading 0x00 bytes,
/// added by DER for the sign bit, removed; an all-zero serial is "00").
/// </summary>
internal static class SerialNumbers
{
    public static string Normalize(string serialNumberHex)
    {
        ArgumentNullException.ThrowIfNull(serialNumberHex);
        var hex = KeyIdentifiers.Normalize(serialNumberHex.Trim());
        if (hex.Length % 2 == 1)
        {
            hex = "0" + hex;
        }

        var start = 0;
        while (start < hex.Length - 2 && hex[start] == '0' && hex[start + 1] == '0')
        {
            start += 2;
        }

        return hex[start..];
    }

    public static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> bytes)
    {
        var start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0)
        {
            start++;
        }

        return bytes[start..];
    }
}
