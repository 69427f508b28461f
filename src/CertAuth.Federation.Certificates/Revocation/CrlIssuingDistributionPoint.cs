using System.Formats.Asn1;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// A CRL's Issuing Distribution Point extension (RFC 5280 §5.2.5), parsed with <see cref="AsnReader"/>:
/// <code>
/// IssuingDistributionPoint ::= SEQUENCE {
///   distributionPoint          [0] DistributionPointName OPTIONAL,
///   onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
///   onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
///   onlySomeReasons            [3] ReasonFlags OPTIONAL,
///   indirectCRL                [4] BOOLEAN DEFAULT FALSE,
///   onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
/// </code>
/// The extension is recognised, so it is processed whether or not it is marked critical (RFC 5280 requires critical);
/// a malformed one makes the whole CRL unusable. <see cref="RevocationChecker"/> refuses to decide "good" from a CRL
/// whose scope excludes the certificate (<see cref="CrlErrorCode.ScopeExcludesCertificate"/>).
/// </summary>
public sealed class CrlIssuingDistributionPoint
{
    private static readonly Asn1Tag DistributionPointTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag OnlyUserTag = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag OnlyCaTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag OnlySomeReasonsTag = new(TagClass.ContextSpecific, 3);
    private static readonly Asn1Tag IndirectTag = new(TagClass.ContextSpecific, 4);
    private static readonly Asn1Tag OnlyAttributeTag = new(TagClass.ContextSpecific, 5);

    private readonly byte[] _encoded;

    private CrlIssuingDistributionPoint(byte[] encoded, bool critical)
    {
        _encoded = encoded;
        Critical = critical;
    }

    /// <summary>The extension's critical flag as encoded.</summary>
    public bool Critical { get; }

    /// <summary>A distributionPoint name is present (it names where the CRL is published; it does not narrow the scope).</summary>
    public bool HasDistributionPointName { get; private set; }

    /// <summary>onlyContainsUserCerts: the CRL covers end-entity certificates only.</summary>
    public bool OnlyContainsUserCerts { get; private set; }

    /// <summary>onlyContainsCACerts: the CRL covers CA certificates only (an ARL).</summary>
    public bool OnlyContainsCACerts { get; private set; }

    /// <summary>onlySomeReasons is present: the CRL lists only revocations for some reasons.</summary>
    public bool OnlySomeReasons { get; private set; }

    /// <summary>indirectCRL: the CRL may list certificates of other issuers.</summary>
    public bool IndirectCrl { get; private set; }

    /// <summary>onlyContainsAttributeCerts: the CRL covers attribute certificates only.</summary>
    public bool OnlyContainsAttributeCerts { get; private set; }

    /// <summary>The extension value (DER of the SEQUENCE).</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>True when both describe exactly the same scope (byte-equal DER, as RFC 5280 §5.2.4 requires of a delta and its base).</summary>
    public static bool SameScope(CrlIssuingDistributionPoint? left, CrlIssuingDistributionPoint? right)
        => left is null ? right is null : right is not null && left._encoded.AsSpan().SequenceEqual(right._encoded);

    /// <summary>Parses the extension value.</summary>
    /// <exception cref="CrlFormatException">The value is not a well-formed IssuingDistributionPoint.</exception>
    internal static CrlIssuingDistributionPoint Parse(ReadOnlyMemory<byte> value, bool critical)
    {
        try
        {
            var reader = new AsnReader(value, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var idp = new CrlIssuingDistributionPoint(value.ToArray(), critical);
            if (sequence.HasData && sequence.PeekTag() == DistributionPointTag)
            {
                // DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RDN }: only
                // checked to be one well-formed element; its value does not narrow what the CRL covers.
                var name = sequence.ReadSequence(DistributionPointTag);
                name.ReadEncodedValue();
                name.ThrowIfNotEmpty();
                idp.HasDistributionPointName = true;
            }

            if (sequence.HasData && sequence.PeekTag() == OnlyUserTag)
            {
                idp.OnlyContainsUserCerts = sequence.ReadBoolean(OnlyUserTag);
            }

            if (sequence.HasData && sequence.PeekTag() == OnlyCaTag)
            {
                idp.OnlyContainsCACerts = sequence.ReadBoolean(OnlyCaTag);
            }

            if (sequence.HasData && sequence.PeekTag() == OnlySomeReasonsTag)
            {
                sequence.ReadBitString(out _, OnlySomeReasonsTag);
                idp.OnlySomeReasons = true;
            }

            if (sequence.HasData && sequence.PeekTag() == IndirectTag)
            {
                idp.IndirectCrl = sequence.ReadBoolean(IndirectTag);
            }

            if (sequence.HasData && sequence.PeekTag() == OnlyAttributeTag)
            {
                idp.OnlyContainsAttributeCerts = sequence.ReadBoolean(OnlyAttributeTag);
            }

            sequence.ThrowIfNotEmpty();
            if ((idp.OnlyContainsUserCerts ? 1 : 0) + (idp.OnlyContainsCACerts ? 1 : 0) + (idp.OnlyContainsAttributeCerts ? 1 : 0) > 1)
            {
                throw new CrlFormatException("The Issuing Distribution Point asserts more than one of onlyContainsUserCerts, onlyContainsCACerts and onlyContainsAttributeCerts (RFC 5280 §5.2.5).");
            }

            return idp;
        }
        catch (AsnContentException ex)
        {
            throw new CrlFormatException("The CRL's Issuing Distribution Point extension is malformed: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Returns why this CRL cannot decide for a certificate of <paramref name="kind"/>, or null when it can: only an
    /// IDP with no restriction other than a distributionPoint name and onlyContainsUserCerts (end-entity) or
    /// onlyContainsCACerts (CA) is evidence of "good".
    /// </summary>
    public string? ExcludedBecause(CertificateKind kind)
    {
        if (IndirectCrl)
        {
            return "it is an indirect CRL (indirectCRL)";
        }

        if (OnlySomeReasons)
        {
            return "it lists revocations for some reasons only (onlySomeReasons)";
        }

        if (OnlyContainsAttributeCerts)
        {
            return "it covers attribute certificates only (onlyContainsAttributeCerts)";
        }

        if (kind == CertificateKind.EndEntity && OnlyContainsCACerts)
        {
            return "it covers CA certificates only (onlyContainsCACerts)";
        }

        if (kind == CertificateKind.CertificateAuthority && OnlyContainsUserCerts)
        {
            return "it covers end-entity certificates only (onlyContainsUserCerts)";
        }

        return null;
    }
}
