using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Pki;

/// <summary>
/// Writes signed X.509 v2 CRLs (RFC 5280 §5) with <see cref="AsnWriter"/> in linear time: base CRLs and delta CRLs
/// (Delta CRL Indicator), with CRL Number and Authority Key Identifier. Signs with the CA's RSA (PKCS#1 v1.5) or
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
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(entries);
        if (!issuer.HasPrivateKey)
        {
            throw new ArgumentException("The CA certificate must have its private key.", nameof(issuer));
        }

        var hash = hashAlgorithm ?? HashAlgorithmName.SHA256;
        using var rsa = issuer.GetRSAPrivateKey();
        using var ecdsa = rsa is null ? issuer.GetECDsaPrivateKey() : null;
        var generator = hash == HashAlgorithmName.SHA1
            ? new Sha1SignatureGenerator((AsymmetricAlgorithm?)rsa ?? ecdsa ?? throw new ArgumentException("Unsupported CA key algorithm.", nameof(issuer)))
            : rsa is not null
            ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
            : X509SignatureGenerator.CreateForECDsa(ecdsa ?? throw new ArgumentException("Unsupported CA key algorithm.", nameof(issuer)));
        var algorithmIdentifier = generator.GetSignatureAlgorithmIdentifier(hash);

        var tbs = new AsnWriter(AsnEncodingRules.DER, initialCapacity: 1024);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1);
            tbs.WriteEncodedValue(algorithmIdentifier);
            tbs.WriteEncodedValue(issuer.SubjectName.RawData);
            WriteTime(tbs, thisUpdate);
            WriteTime(tbs, nextUpdate);
            WriteEntries(tbs, entries);
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (tbs.PushSequence())
            {
                WriteAuthorityKeyIdentifier(tbs, issuer);
                WriteExtension(tbs, Oids.CrlNumber, critical: false, w => w.WriteInteger(crlNumber));
                if (deltaBaseCrlNumber is { } baseNumber)
                {
                    WriteExtension(tbs, Oids.DeltaCrlIndicator, critical: true, w => w.WriteInteger(baseNumber));
                }
            }
        }

        var tbsBytes = tbs.Encode();
        var signature = generator.SignData(tbsBytes, hash);

        var crl = new AsnWriter(AsnEncodingRules.DER, initialCapacity: tbsBytes.Length + signature.Length + 64);
        using (crl.PushSequence())
        {
            crl.WriteEncodedValue(tbsBytes);
            crl.WriteEncodedValue(algorithmIdentifier);
            crl.WriteBitString(signature);
        }

        return crl.Encode();
    }

    /// <summary>Wraps a DER CRL in PEM ("X509 CRL").</summary>
    public static string ToPem(ReadOnlySpan<byte> der) => PemEncoding.WriteString("X509 CRL", der);

    private static void WriteEntries(AsnWriter writer, IEnumerable<CrlEntry> entries)
    {
        using var enumerator = entries.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            return; // RFC 5280 §5.1.2.6: omit the list when empty.
        }

        using (writer.PushSequence())
        {
            do
            {
                var entry = enumerator.Current;
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
            }
            while (enumerator.MoveNext());
        }
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
