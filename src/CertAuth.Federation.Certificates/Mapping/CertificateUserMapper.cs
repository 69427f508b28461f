using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.Certificates.Mapping;

/// <summary>
/// Extracts the user identifier from a validated client certificate following <see cref="CertificateMappingOptions.Order"/>.
/// Multiple SAN entries of a kind: the first non-empty one is used. Empty or whitespace values are ignored. A malformed
/// SAN extension yields no SAN values (never an exception).
/// </summary>
public sealed class CertificateUserMapper
{
    private readonly IOptionsMonitor<CertificateMappingOptions> _options;

    /// <summary>Creates the mapper.</summary>
    public CertificateUserMapper(IOptionsMonitor<CertificateMappingOptions> options)
    {
        _options = options;
    }

    /// <summary>Returns the identity, or null when no configured source yields a value.</summary>
    public CertificateIdentity? Map(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var entries = SubjectAlternativeNameReader.Read(certificate);
        var upn = First(entries, SubjectAlternativeNameKind.Upn);
        var email = First(entries, SubjectAlternativeNameKind.Rfc822Name);
        var order = _options.CurrentValue.Order;
        var subjectEmail = order.Contains(CertificateMappingSource.SubjectEmail) ? ReadSubjectEmail(certificate) : null;

        foreach (var source in order)
        {
            var value = source switch
            {
                CertificateMappingSource.SanUpn => upn,
                CertificateMappingSource.SanRfc822 => email,
                CertificateMappingSource.SubjectEmail => subjectEmail,
                _ => null,
            };
            if (value is not null)
            {
                return new CertificateIdentity { Upn = upn, Email = email ?? subjectEmail, MatchedValue = value, MatchedBy = source };
            }
        }

        return null;
    }

    private static string? First(IReadOnlyList<SubjectAlternativeNameEntry> entries, SubjectAlternativeNameKind kind)
    {
        foreach (var entry in entries)
        {
            if (entry.Kind == kind && !string.IsNullOrWhiteSpace(entry.Value))
            {
                return entry.Value.Trim();
            }
        }

        return null;
    }

    private static string? ReadSubjectEmail(X509Certificate2 certificate)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "1.2.840.113549.1.9.1" && rdn.GetSingleElementValue() is { } value
                && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }
}
