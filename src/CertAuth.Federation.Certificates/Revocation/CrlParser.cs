using System.Formats.Asn1;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Parses X.509 v1/v2 CRLs (RFC 5280 §5.1) in DER or PEM: the header with <see cref="AsnReader"/>, the revoked
/// entries with allocation-free <see cref="AsnDecoder"/> span reads (<see cref="CrlEntryReader"/>) into an index over
/// the DER itself (<see cref="RevokedSerialIndex"/>), so a 1,000,000-entry CRL loads in a fraction of a second and
/// keeps little more than its own bytes.
/// Unrecognised critical CRL or entry extensions make the CRL unusable (RFC 5280 §5.2, §5.3;
/// <see cref="CrlErrorCode.UnsupportedCriticalExtension"/>). The Issuing Distribution Point extension is parsed
/// (<see cref="CrlIssuingDistributionPoint"/>); <see cref="RevocationChecker"/> applies its scope.
/// </summary>
public static class CrlParser
{
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag KeyIdentifierTag = new(TagClass.ContextSpecific, 0);

    /// <summary>Parses a CRL; returns false (with a safe error message) instead of throwing.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> data, out RevocationList? crl, out string? error)
    {
        var parsed = TryParseTyped(data, out crl, out var problem);
        error = problem?.Detail;
        return parsed;
    }

    /// <summary>
    /// Parses a CRL; returns false with the typed problem (<see cref="CrlErrorCode.Unparsable"/>, or
    /// <see cref="CrlErrorCode.UnsupportedCriticalExtension"/> for a well-formed CRL that must not be used) instead of throwing.
    /// </summary>
    public static bool TryParseTyped(ReadOnlyMemory<byte> data, out RevocationList? crl, out CrlError? error)
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
            error = new CrlError(ex.Code, ex.Message);
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

    private static RevocationList ParseDer(byte[] der)
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

        var index = RevokedSerialIndex.Empty(der);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var revoked = tbs.ReadEncodedValue();
            if (!MemoryMarshal.TryGetArray(revoked, out var segment) || segment.Array != der)
            {
                throw new InvalidOperationException("The revoked list is not a slice of the CRL bytes.");
            }

            AsnDecoder.ReadSequence(revoked.Span, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out _);
            index = RevokedSerialIndex.Build(der, segment.Offset + contentOffset, contentLength);
        }

        BigInteger? crlNumber = null;
        BigInteger? baseCrlNumber = null;
        string? aki = null;
        CrlIssuingDistributionPoint? idp = null;
        if (tbs.HasData)
        {
            var extensions = tbs.ReadSequence(ExtensionsTag).ReadSequence();
            ReadExtensions(extensions, ref crlNumber, ref baseCrlNumber, ref aki, ref idp);
        }

        tbs.ThrowIfNotEmpty();
        if (version == 0 && (crlNumber.HasValue || baseCrlNumber.HasValue || aki is not null || idp is not null))
        {
            throw new CrlFormatException("A v1 CRL must not carry extensions.");
        }

        return new RevocationList(der, tbsEncoded, signatureAlgorithm, signature, version, algorithmOid, issuer, thisUpdate,
            nextUpdate, crlNumber, baseCrlNumber, aki, idp, index);
    }

    private static void ReadExtensions(
        AsnReader extensions, ref BigInteger? crlNumber, ref BigInteger? baseCrlNumber, ref string? aki, ref CrlIssuingDistributionPoint? idp)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            var raw = extension.ReadOctetString();
            extension.ThrowIfNotEmpty();
            if (!seen.Add(oid))
            {
                // RFC 5280 §4.2: an extension appears at most once; two IDPs (or two CRL numbers) would be ambiguous.
                throw new CrlFormatException($"The CRL carries the extension {oid} twice.");
            }

            var value = new AsnReader(raw, AsnEncodingRules.DER);
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
                    idp = CrlIssuingDistributionPoint.Parse(raw, critical);
                    break;
                default:
                    if (critical)
                    {
                        throw new CrlFormatException(CrlErrorCode.UnsupportedCriticalExtension,
                            $"The CRL has an unsupported critical extension {oid} (RFC 5280 §5.2: such a CRL must not be used).");
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
