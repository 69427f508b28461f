using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Parses X.509 v1/v2 CRLs (RFC 5280 §5.1) in DER or PEM with <see cref="AsnReader"/>. Revoked serials are indexed
/// by a compact struct key (no string per entry), so a 1,000,000-entry CRL parses in well under a second.
/// Unrecognised critical CRL or entry extensions make the CRL unusable (RFC 5280 §5.2, §5.3).
/// The Issuing Distribution Point extension is accepted but its scope restrictions are not interpreted.
/// </summary>
public static class CrlParser
{
    // DER encodings of OBJECT IDENTIFIERs matched in the per-entry hot loop (compared as bytes, no string allocation).
    private static readonly byte[] ReasonCodeOid = [0x06, 0x03, 0x55, 0x1D, 0x15];
    private static readonly byte[] InvalidityDateOid = [0x06, 0x03, 0x55, 0x1D, 0x18];
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag KeyIdentifierTag = new(TagClass.ContextSpecific, 0);

    /// <summary>Parses a CRL; returns false (with a safe error message) instead of throwing.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> data, out RevocationList? crl, out string? error)
    {
        try
        {
            crl = Parse(data);
            error = null;
            return true;
        }
        catch (CrlFormatException ex)
        {
            crl = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Parses a CRL (DER or PEM "X509 CRL"). The input is copied.</summary>
    /// <exception cref="CrlFormatException">The data is not a well-formed CRL.</exception>
    public static RevocationList Parse(ReadOnlyMemory<byte> data)
    {
        var der = LooksLikePem(data.Span) ? DecodePem(data.Span) : data.ToArray();
        try
        {
            return ParseDer(der);
        }
        catch (AsnContentException ex)
        {
            throw new CrlFormatException("The CRL is not valid DER: " + ex.Message, ex);
        }
        catch (CryptographicException ex)
        {
            throw new CrlFormatException("The CRL could not be decoded: " + ex.Message, ex);
        }
        catch (ArgumentException ex)
        {
            throw new CrlFormatException("The CRL could not be decoded: " + ex.Message, ex);
        }
    }

    private static RevocationList ParseDer(ReadOnlyMemory<byte> der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var certificateList = reader.ReadSequence();
        reader.ThrowIfNotEmpty();

        var tbsEncoded = certificateList.ReadEncodedValue();
        var signatureAlgorithm = certificateList.ReadEncodedValue();
        if (!certificateList.TryReadPrimitiveBitString(out var unusedBits, out var signature) || unusedBits != 0)
        {
            throw new CrlFormatException("The CRL signature value is not a whole number of octets.");
        }

        certificateList.ThrowIfNotEmpty();

        var tbs = new AsnReader(tbsEncoded, AsnEncodingRules.DER).ReadSequence();
        var version = 0;
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer) && (!tbs.TryReadInt32(out version) || version is < 0 or > 1))
        {
            throw new CrlFormatException("Unsupported CRL version.");
        }

        var innerAlgorithm = tbs.ReadEncodedValue();
        if (!innerAlgorithm.Span.SequenceEqual(signatureAlgorithm.Span))
        {
            throw new CrlFormatException("The signature algorithm inside and outside the signed part differ (RFC 5280 §5.1.2.2).");
        }

        var (algorithmOid, _) = SignedDataVerifier.ReadAlgorithmIdentifier(signatureAlgorithm);
        var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
        var thisUpdate = ReadTime(tbs);
        DateTimeOffset? nextUpdate = null;
        if (tbs.HasData && IsTime(tbs.PeekTag()))
        {
            nextUpdate = ReadTime(tbs);
        }

        var entries = new Dictionary<SerialKey, RevokedEntry>();
        Dictionary<string, RevokedEntry>? longEntries = null;
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var revokedEncodedLength = tbs.PeekContentBytes().Length;
            entries.EnsureCapacity(revokedEncodedLength / 40);
            ReadEntries(tbs.ReadSequence(), entries, ref longEntries);
        }

        BigInteger? crlNumber = null;
        BigInteger? baseCrlNumber = null;
        string? aki = null;
        if (tbs.HasData)
        {
            var extensions = tbs.ReadSequence(ExtensionsTag).ReadSequence();
            ReadExtensions(extensions, ref crlNumber, ref baseCrlNumber, ref aki);
        }

        tbs.ThrowIfNotEmpty();
        if (version == 0 && (crlNumber.HasValue || baseCrlNumber.HasValue || aki is not null))
        {
            throw new CrlFormatException("A v1 CRL must not carry extensions.");
        }

        return new RevocationList(der, tbsEncoded, signatureAlgorithm, signature, version, algorithmOid, issuer, thisUpdate,
            nextUpdate, crlNumber, baseCrlNumber, aki, entries, longEntries);
    }

    private static void ReadEntries(AsnReader list, Dictionary<SerialKey, RevokedEntry> entries, ref Dictionary<string, RevokedEntry>? longEntries)
    {
        while (list.HasData)
        {
            var entry = list.ReadSequence();
            var serial = SerialNumbers.TrimLeadingZeros(entry.ReadIntegerBytes().Span);
            var date = ReadTime(entry);
            var reason = RevokedEntry.NoReason;
            if (entry.HasData)
            {
                reason = ReadEntryExtensions(entry.ReadSequence());
            }

            entry.ThrowIfNotEmpty();
            var value = new RevokedEntry(date.UtcTicks, reason);
            if (SerialKey.TryCreate(serial, out var key))
            {
                entries[key] = value;
            }
            else
            {
                longEntries ??= new Dictionary<string, RevokedEntry>(StringComparer.Ordinal);
                longEntries[Convert.ToHexString(serial)] = value;
            }
        }
    }

    private static sbyte ReadEntryExtensions(AsnReader extensions)
    {
        var reason = RevokedEntry.NoReason;
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadEncodedValue().Span;
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            if (!extension.TryReadPrimitiveOctetString(out var value))
            {
                throw new CrlFormatException("Malformed CRL entry extension.");
            }

            if (oid.SequenceEqual(ReasonCodeOid))
            {
                var reasonReader = new AsnReader(value, AsnEncodingRules.DER);
                var code = reasonReader.ReadEnumeratedBytes().Span;
                reason = code.Length == 1 && code[0] <= 10 ? (sbyte)code[0] : throw new CrlFormatException("Invalid CRL reason code.");
            }
            else if (critical && !oid.SequenceEqual(InvalidityDateOid))
            {
                throw new CrlFormatException("The CRL has an unsupported critical entry extension (e.g. an indirect CRL).");
            }
        }

        return reason;
    }

    private static void ReadExtensions(AsnReader extensions, ref BigInteger? crlNumber, ref BigInteger? baseCrlNumber, ref string? aki)
    {
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            var value = new AsnReader(extension.ReadOctetString(), AsnEncodingRules.DER);
            switch (oid)
            {
                case Oids.CrlNumber:
                    crlNumber = value.ReadInteger();
                    break;
                case Oids.DeltaCrlIndicator:
                    baseCrlNumber = value.ReadInteger();
                    break;
                case Oids.AuthorityKeyIdentifier:
                    var sequence = value.ReadSequence();
                    if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(KeyIdentifierTag))
                    {
                        aki = Convert.ToHexString(sequence.ReadOctetString(KeyIdentifierTag));
                    }

                    break;
                case Oids.IssuingDistributionPoint:
                    break;
                default:
                    if (critical)
                    {
                        throw new CrlFormatException($"The CRL has an unsupported critical extension {oid}.");
                    }

                    break;
            }
        }
    }

    private static bool IsTime(Asn1Tag tag)
        => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            return reader.ReadUtcTime();
        }

        if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
        {
            return reader.ReadGeneralizedTime();
        }

        throw new CrlFormatException("Expected a UTCTime or GeneralizedTime.");
    }

    private static bool LooksLikePem(ReadOnlySpan<byte> data)
    {
        var trimmed = data.TrimStart(" \t\r\n"u8);
        return trimmed.StartsWith("-----BEGIN"u8);
    }

    private static byte[] DecodePem(ReadOnlySpan<byte> data)
    {
        var text = Encoding.ASCII.GetString(data);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "X509 CRL")
        {
            throw new CrlFormatException("The PEM data does not contain an \"X509 CRL\" block.");
        }

        try
        {
            return Convert.FromBase64String(text[fields.Base64Data]);
        }
        catch (FormatException ex)
        {
            throw new CrlFormatException("The PEM CRL is not valid base64.", ex);
        }
    }
}
