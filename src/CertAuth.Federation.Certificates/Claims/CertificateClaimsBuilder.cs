using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;
using CertAuth.Federation.Certificates.Mapping;

namespace CertAuth.Federation.Certificates.Claims;

/// <summary>
/// Builds the AD FS certificate claim set. Canonical value forms:
/// <list type="bullet">
/// <item>serialnumber: <see cref="X509Certificate2.SerialNumber"/> exactly (upper-case hex of the DER INTEGER content,
/// including a leading 00 octet when the encoding has one).</item>
/// <item>issuer/issuername/subject/subjectname: the .NET DN string (<see cref="X500DistinguishedName.Name"/>, RFC 2253-like
/// order as shown by Windows, e.g. <c>CN=Issuing CA, O=Contoso</c>).</item>
/// <item>notbefore/notafter: UTC <c>yyyy-MM-ddTHH:mm:ssZ</c>. x509version: <c>3</c>. signaturealgorithm: the OID.</item>
/// <item>rawdata: base64 DER. thumbprint: upper-case hex SHA-1 (identification only, not a security decision).</item>
/// <item>eku: one claim per OID. keyusage: one claim, the .NET <see cref="X509KeyUsageFlags"/> names (e.g.
/// <c>KeyEncipherment, DigitalSignature</c>). certificatepolicy: one claim per policy OID.</item>
/// <item>san: one claim per entry, named as Windows displays them: <c>Other Name:Principal Name=alice@contoso.com</c>,
/// <c>RFC822 Name=alice@contoso.com</c>, <c>DNS Name=host</c>, <c>URL=...</c>, <c>IP Address=...</c>,
/// <c>Directory Address=...</c>, <c>Registered ID=...</c>, other otherNames as <c>Other Name:&lt;oid&gt;</c>.</item>
/// <item>subjectkeyidentifier / authoritykeyidentifier: upper-case hex of the key identifier (no spaces).</item>
/// <item>certificatetemplatename: the v1 template name (BMPString), or the v2 template OID.</item>
/// <item>upn: the first non-empty SAN UPN.</item>
/// </list>
/// Malformed optional extensions are skipped (their claims are omitted).
/// </summary>
public sealed class CertificateClaimsBuilder
{
    private const string Iso8601Utc = "yyyy-MM-ddTHH:mm:ssZ";

    /// <summary>Builds the claims of <paramref name="certificate"/>.</summary>
    public IReadOnlyList<CertificateClaim> Build(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var claims = new List<CertificateClaim>
        {
            new(CertificateClaimTypes.SerialNumber, certificate.SerialNumber),
            new(CertificateClaimTypes.Issuer, certificate.Issuer),
            new(CertificateClaimTypes.IssuerName, certificate.IssuerName.Name),
            new(CertificateClaimTypes.Subject, certificate.Subject),
            new(CertificateClaimTypes.SubjectName, certificate.SubjectName.Name),
            new(CertificateClaimTypes.NotBefore, FormatTime(certificate.NotBefore)),
            new(CertificateClaimTypes.NotAfter, FormatTime(certificate.NotAfter)),
            new(CertificateClaimTypes.X509Version, certificate.Version.ToString(CultureInfo.InvariantCulture)),
            new(CertificateClaimTypes.SignatureAlgorithm, certificate.SignatureAlgorithm.Value ?? string.Empty),
            new(CertificateClaimTypes.RawData, Convert.ToBase64String(certificate.RawData)),
            new(CertificateClaimTypes.Thumbprint, certificate.Thumbprint),
        };

        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509EnhancedKeyUsageExtension eku:
                    foreach (var oid in eku.EnhancedKeyUsages)
                    {
                        claims.Add(new(CertificateClaimTypes.Eku, oid.Value ?? string.Empty));
                    }

                    break;
                case X509KeyUsageExtension keyUsage:
                    claims.Add(new(CertificateClaimTypes.KeyUsage, keyUsage.KeyUsages.ToString()));
                    break;
                case X509SubjectKeyIdentifierExtension ski when ski.SubjectKeyIdentifier is { } id:
                    claims.Add(new(CertificateClaimTypes.SubjectKeyIdentifier, id.ToUpperInvariant()));
                    break;
            }
        }

        if (KeyIdentifiers.FindAuthorityKeyIdentifier(certificate) is { } aki)
        {
            claims.Add(new(CertificateClaimTypes.AuthorityKeyIdentifier, aki));
        }

        string? upn = null;
        foreach (var entry in SubjectAlternativeNameReader.Read(certificate))
        {
            if (FormatSan(entry) is { } value)
            {
                claims.Add(new(CertificateClaimTypes.San, value));
            }

            if (entry.Kind == SubjectAlternativeNameKind.Upn && upn is null && !string.IsNullOrWhiteSpace(entry.Value))
            {
                upn = entry.Value.Trim();
            }
        }

        if (ReadTemplateName(certificate) is { } template)
        {
            claims.Add(new(CertificateClaimTypes.CertificateTemplateName, template));
        }

        foreach (var policy in ReadPolicies(certificate))
        {
            claims.Add(new(CertificateClaimTypes.CertificatePolicy, policy));
        }

        if (upn is not null)
        {
            claims.Add(new(CertificateClaimTypes.Upn, upn));
        }

        return claims;
    }

    private static string FormatTime(DateTime value) => value.ToUniversalTime().ToString(Iso8601Utc, CultureInfo.InvariantCulture);

    private static string? FormatSan(SubjectAlternativeNameEntry entry) => entry.Kind switch
    {
        SubjectAlternativeNameKind.Upn => "Other Name:Principal Name=" + entry.Value,
        SubjectAlternativeNameKind.OtherName => "Other Name:" + entry.Value,
        SubjectAlternativeNameKind.Rfc822Name => "RFC822 Name=" + entry.Value,
        SubjectAlternativeNameKind.DnsName => "DNS Name=" + entry.Value,
        SubjectAlternativeNameKind.Uri => "URL=" + entry.Value,
        SubjectAlternativeNameKind.IPAddress => "IP Address=" + entry.Value,
        SubjectAlternativeNameKind.DirectoryName => "Directory Address=" + entry.Value,
        SubjectAlternativeNameKind.RegisteredId => "Registered ID=" + entry.Value,
        _ => null,
    };

    private static string? ReadTemplateName(X509Certificate2 certificate)
    {
        try
        {
            if (certificate.Extensions[Oids.CertificateTemplateName] is { } v1)
            {
                return new AsnReader(v1.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.BMPString);
            }

            if (certificate.Extensions[Oids.CertificateTemplateInformation] is { } v2)
            {
                return new AsnReader(v2.RawData, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
            }
        }
        catch (AsnContentException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }

        return null;
    }

    private static List<string> ReadPolicies(X509Certificate2 certificate)
    {
        var policies = new List<string>();
        if (certificate.Extensions[Oids.CertificatePolicies] is not { } extension)
        {
            return policies;
        }

        try
        {
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var information = sequence.ReadSequence();
                policies.Add(information.ReadObjectIdentifier());
            }
        }
        catch (AsnContentException)
        {
            policies.Clear();
        }

        return policies;
    }
}
