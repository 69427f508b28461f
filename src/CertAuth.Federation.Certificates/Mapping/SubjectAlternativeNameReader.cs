using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Mapping;

/// <summary>
/// Decodes the subjectAltName extension with <see cref="AsnReader"/>. Malformed content yields an empty list (never an
/// exception), so a broken SAN maps to no user.
/// </summary>
internal static class SubjectAlternativeNameReader
{
    private static readonly Asn1Tag OtherNameTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExplicitValueTag = new(TagClass.ContextSpecific, 0, isConstructed: true);

    public static IReadOnlyList<SubjectAlternativeNameEntry> Read(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[Oids.SubjectAlternativeName];
        return extension is null ? [] : Read(extension.RawData);
    }

    public static IReadOnlyList<SubjectAlternativeNameEntry> Read(ReadOnlyMemory<byte> extensionValue)
    {
        try
        {
            var entries = new List<SubjectAlternativeNameEntry>();
            var outer = new AsnReader(extensionValue, AsnEncodingRules.DER);
            var names = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            while (names.HasData)
            {
                entries.Add(ReadGeneralName(names));
            }

            return entries;
        }
        catch (AsnContentException)
        {
            return [];
        }
        catch (CryptographicException)
        {
            return [];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private static SubjectAlternativeNameEntry ReadGeneralName(AsnReader names)
    {
        var tag = names.PeekTag();
        if (tag.TagClass != TagClass.ContextSpecific)
        {
            throw new AsnContentException("GeneralName must be context-specific.");
        }

        switch (tag.TagValue)
        {
            case 0:
                return ReadOtherName(names.ReadSequence(OtherNameTag));
            case 1:
                return new(SubjectAlternativeNameKind.Rfc822Name, names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 1)));
            case 2:
                return new(SubjectAlternativeNameKind.DnsName, names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 2)));
            case 4:
                var directory = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true));
                return new(SubjectAlternativeNameKind.DirectoryName, new X500DistinguishedName(directory.ReadEncodedValue().Span).Name);
            case 6:
                return new(SubjectAlternativeNameKind.Uri, names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
            case 7:
                var address = names.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 7));
                return new(SubjectAlternativeNameKind.IPAddress, address.Length is 4 or 16 ? new IPAddress(address).ToString() : Convert.ToHexString(address));
            case 8:
                return new(SubjectAlternativeNameKind.RegisteredId, names.ReadObjectIdentifier(new Asn1Tag(TagClass.ContextSpecific, 8)));
            default:
                names.ReadEncodedValue();
                return new(SubjectAlternativeNameKind.Other, string.Empty);
        }
    }

    // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }; the UPN value is a UTF8String.
    private static SubjectAlternativeNameEntry ReadOtherName(AsnReader otherName)
    {
        var typeId = otherName.ReadObjectIdentifier();
        var value = otherName.ReadSequence(ExplicitValueTag);
        otherName.ThrowIfNotEmpty();
        if (typeId != Oids.UserPrincipalName)
        {
            value.ReadEncodedValue();
            return new(SubjectAlternativeNameKind.OtherName, typeId);
        }

        var upn = value.ReadCharacterString(UniversalTagNumber.UTF8String);
        value.ThrowIfNotEmpty();
        return new(SubjectAlternativeNameKind.Upn, upn);
    }
}
