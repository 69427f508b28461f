using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Pki;

/// <summary>
/// Writes signed X.509 v2 CRLs (RFC 5280 §5) with <see cref="AsnWriter"/> in linear time: base CRLs and delta CRLs
/// (Delta CRL Indicator), with CRL Number (or, through <see cref="CrlWriteOptions"/>, without one), Authority Key
/// Identifier, and optionally an Issuing Distribution Point and further extensions. Entries may carry any reason code,
/// removeFromCRL included (delta CRLs). Signs with the CA's RSA (PKCS#1 v1.5) or
/// ECDSA key. <see cref="CertificateRevocationListBuilder"/> is not used: it is quadratic and cannot write deltas.
/// </summary>
public static class CrlWriter
{
    /// <summary>Writes a DER CRL.</summary>
    /// <param name="issuer">The CA certificate, with its private key.</param>
    /// <param name="entries">Revoked certificates.</param>
    /// <param name="thisUpdate">Issue date (the CRL's effective date).</param>
    /// <param name="nextUpdate">When the next CRL is due.</param>
    /// <param name="crlNumber">The CRL Number (monotonic per CA, shared by base and delta CRLs).</param>
    /// <param name="deltaBaseCrlNumber">For a delta CRL, the number of the base CRL it updates; null for a base CRL.</param>
    /// <param name="hashAlgorithm">Signature hash; SHA-256 by default.</param>
    public static byte[] Write(
        X509Certificate2 issuer,
        IEnumerable<CrlEntry> entries,
        DateTimeOffset thisUpdate,
        DateTimeOffset nextUpdate,
        BigInteger crlNumber,
        BigInteger? deltaBaseCrlNumber = null,
        HashAlgorithmName? hashAlgorithm = null)
        => Write(issuer, entries, new CrlWriteOptions
        {
            ThisUpdate = thisUpdate,
            NextUpdate = nextUpdate,
            CrlNumber = crlNumber,
            DeltaBaseCrlNumber = deltaBaseCrlNumber,
            HashAlgorithm = hashAlgorithm,
        });

    /// <summary>Writes a DER CRL with the extensions of <paramref name="options"/> (no CRL Number, an Issuing Distribution Point, others).</summary>
    public static byte[] Write(X509Certificate2 issuer, IEnumerable<CrlEntry> entries, CrlWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var thisUpdate = options.ThisUpdate;
        var nextUpdate = options.NextUpdate;
        var hashAlgorithm = options.HashAlgorithm;
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(entries);
        if (!issuer.HasPrivateKey)
        {
            throw new ArgumentException("The CA certificate must have its private key.", nameof(issuer));
        }

        var hash = hashAlgorithm ?? HashAlgorithmName.SHA256;
        using var rsa = issuer.GetRSAPrivateKey();
        using var ecdsa = rsa is null ? issuer.GetECDsaPrivateKey() : null;
        var generator = options.SignatureGenerator is { } custom
            ? custom((AsymmetricAlgorithm?)rsa ?? ecdsa ?? throw new ArgumentException("Unsupported CA key algorithm.", nameof(issuer)))
            : hash == HashAlgorithmName.SHA1
            ? throw new ArgumentException("This library does not sign with SHA-1; pass a signature generator (tests only).", nameof(options))
            : rsa is not null
            ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
            : X509SignatureGenerator.CreateForECDsa(ecdsa ?? throw new ArgumentException("Unsupported CA key algorithm.", nameof(issuer)));
        var algorithmIdentifier = generator.GetSignatureAlgorithmIdentifier(hash);

        // The revoked list is assembled by hand (one small AsnWriter per entry, DER lengths written directly) so
        // writing stays linear for millions of entries: AsnWriter grows its buffer in 1 KiB steps (quadratic copying).
        var prefix = new AsnWriter(AsnEncodingRules.DER);
        prefix.WriteInteger(1);
        prefix.WriteEncodedValue(algorithmIdentifier);
        prefix.WriteEncodedValue(issuer.SubjectName.RawData);
        WriteTime(prefix, thisUpdate);
        WriteTime(prefix, nextUpdate);

        var extensions = new AsnWriter(AsnEncodingRules.DER);
        using (extensions.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        using (extensions.PushSequence())
        {
            WriteAuthorityKeyIdentifier(extensions, issuer);
            if (options.CrlNumber is { } crlNumber)
            {
                WriteExtension(extensions, Oids.CrlNumber, critical: false, w => w.WriteInteger(crlNumber));
            }

            if (options.DeltaBaseCrlNumber is { } baseNumber)
            {
                WriteExtension(extensions, Oids.DeltaCrlIndicator, critical: true, w => w.WriteInteger(baseNumber));
            }

            if (options.IssuingDistributionPoint is { } scope)
            {
                WriteExtension(extensions, Oids.IssuingDistributionPoint, scope.Critical, w => WriteIssuingDistributionPoint(w, scope));
            }

            foreach (var extension in options.AdditionalExtensions)
            {
                WriteExtension(extensions, extension.Oid!.Value!, extension.Critical, w => w.WriteEncodedValue(extension.RawData));
            }
        }

        using var revoked = new MemoryStream();
        WriteEntries(revoked, entries);
        using var body = new MemoryStream((int)Math.Min(int.MaxValue, revoked.Length + 4096));
        body.Write(prefix.Encode());
        if (revoked.Length > 0)
        {
            WriteHeader(body, 0x30, revoked.Length);
            revoked.Position = 0;
            revoked.CopyTo(body);
        }

        body.Write(extensions.Encode());
        using var tbsStream = new MemoryStream((int)Math.Min(int.MaxValue, body.Length + 8));
        WriteHeader(tbsStream, 0x30, body.Length);
        body.Position = 0;
        body.CopyTo(tbsStream);

        var tbsBytes = tbsStream.ToArray();
        var signature = generator.SignData(tbsBytes, hash);

        var trailer = new AsnWriter(AsnEncodingRules.DER);
        trailer.WriteEncodedValue(algorithmIdentifier);
        trailer.WriteBitString(signature);
        var trailerBytes = trailer.Encode();
        using var crl = new MemoryStream(tbsBytes.Length + trailerBytes.Length + 8);
        WriteHeader(crl, 0x30, tbsBytes.Length + trailerBytes.Length);
        crl.Write(tbsBytes);
        crl.Write(trailerBytes);
        return crl.ToArray();
    }

    // IssuingDistributionPoint (RFC 5280 §5.2.5), implicit tags; DEFAULT FALSE booleans are omitted (DER).
    private static void WriteIssuingDistributionPoint(AsnWriter writer, CrlScope scope)
    {
        using (writer.PushSequence())
        {
            if (scope.DistributionPoint is { } url)
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, url.AbsoluteUri, new Asn1Tag(TagClass.ContextSpecific, 6));
                }
            }

            WriteFlag(writer, 1, scope.OnlyContainsUserCerts);
            WriteFlag(writer, 2, scope.OnlyContainsCACerts);
            if (scope.OnlySomeReasons)
            {
                // ReasonFlags: keyCompromise (1) and cACompromise (2).
                writer.WriteBitString([0x60], unusedBitCount: 5, new Asn1Tag(TagClass.ContextSpecific, 3));
            }

            WriteFlag(writer, 4, scope.IndirectCrl);
            WriteFlag(writer, 5, scope.OnlyContainsAttributeCerts);
        }
    }

    private static void WriteFlag(AsnWriter writer, int tag, bool value)
    {
        if (value)
        {
            writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, tag));
        }
    }

    /// <summary>Wraps a DER CRL in PEM ("X509 CRL").</summary>
    public static string ToPem(ReadOnlySpan<byte> der) => PemEncoding.WriteString("X509 CRL", der);

    private static void WriteEntries(Stream output, IEnumerable<CrlEntry> entries)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: 128);
        Span<byte> buffer = stackalloc byte[256];
        foreach (var entry in entries)
        {
            writer.Reset();
            using (writer.PushSequence())
            {
                writer.WriteIntegerUnsigned(SerialNumbers.TrimLeadingZeros(entry.SerialNumber.Span));
                WriteTime(writer, entry.RevocationDate);
                if (entry.Reason is { } reason)
                {
                    using (writer.PushSequence())
                    {
                        WriteExtension(writer, Oids.ReasonCode, critical: false, w => w.WriteEnumeratedValue(reason));
                    }
                }
            }

            if (writer.TryEncode(buffer, out var written))
            {
                output.Write(buffer[..written]);
            }
            else
            {
                output.Write(writer.Encode());
            }
        }
    }

    // DER definite length (X.690 §8.1.3).
    private static void WriteHeader(Stream output, byte tag, long length)
    {
        output.WriteByte(tag);
        if (length < 0x80)
        {
            output.WriteByte((byte)length);
            return;
        }

        Span<byte> bytes = stackalloc byte[8];
        var count = 0;
        for (var value = length; value > 0; value >>= 8)
        {
            count++;
        }

        for (var i = 0; i < count; i++)
        {
            bytes[count - 1 - i] = (byte)(length >> (8 * i));
        }

        output.WriteByte((byte)(0x80 | count));
        output.Write(bytes[..count]);
    }

    private static void WriteAuthorityKeyIdentifier(AsnWriter writer, X509Certificate2 issuer)
    {
        var ski = Convert.FromHexString(KeyIdentifiers.GetSubjectKeyIdentifier(issuer));
        WriteExtension(writer, Oids.AuthorityKeyIdentifier, critical: false, w =>
        {
            using (w.PushSequence())
            {
                w.WriteOctetString(ski, new Asn1Tag(TagClass.ContextSpecific, 0));
            }
        });
    }

    private static void WriteExtension(AsnWriter writer, string oid, bool critical, Action<AsnWriter> writeValue)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (critical)
            {
                writer.WriteBoolean(true);
            }

            using (writer.PushOctetString())
            {
                writeValue(writer);
            }
        }
    }

    // RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, Zulu.
    private static void WriteTime(AsnWriter writer, DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        utc = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (utc.Year < 2050)
        {
            writer.WriteUtcTime(utc);
        }
        else
        {
            writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
        }
    }
}
