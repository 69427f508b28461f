using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Authorities;

/// <summary>
/// Checks a CA certificate file an administrator wants to trust: readable (DER or PEM), CA:true, a root is
/// self-issued with a verifying self-signature, not expired (error), not expiring within 30 days (warning);
/// computes the SKI. Optionally checks the TrustedIssuer/TrustedIssuerSki the admin entered.
/// </summary>
public sealed class CertificateAuthorityInspector
{
    /// <summary>Warn when the certificate expires within this period.</summary>
    public static readonly TimeSpan ExpiryWarningPeriod = TimeSpan.FromDays(30);

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the inspector.</summary>
    public CertificateAuthorityInspector(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Inspects certificate bytes (DER or PEM).</summary>
    public CertificateAuthorityInspection Inspect(
        ReadOnlySpan<byte> certificateFile, CertificateAuthorityType authorityType, string? trustedIssuer = null, string? trustedIssuerSki = null)
    {
        var certificate = TryLoad(certificateFile);
        if (certificate is null)
        {
            return new CertificateAuthorityInspection
            {
                Errors = [new(CertificateAuthorityIssueCode.Unreadable, "The file is not a DER or PEM encoded X.509 certificate.")],
            };
        }

        var errors = new List<CertificateAuthorityIssue>();
        var warnings = new List<CertificateAuthorityIssue>();
        var basicConstraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basicConstraints is not { CertificateAuthority: true })
        {
            errors.Add(new(CertificateAuthorityIssueCode.NotACertificateAuthority, "The certificate is not a CA certificate (basicConstraints CA:true is missing)."));
        }

        var selfIssued = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
        var selfSigned = selfIssued && SignedDataVerifier.VerifyCertificate(certificate, certificate, allowSha1: true) == SignatureCheck.Valid;
        if (authorityType == CertificateAuthorityType.RootAuthority)
        {
            if (!selfIssued)
            {
                errors.Add(new(CertificateAuthorityIssueCode.RootNotSelfSigned, $"A root CA must be self-signed, but it was issued by '{certificate.Issuer}'. Add it as an intermediate."));
            }
            else if (!selfSigned)
            {
                errors.Add(new(CertificateAuthorityIssueCode.SelfSignatureInvalid, "The root certificate's self-signature does not verify."));
            }
        }
        else if (selfSigned)
        {
            warnings.Add(new(CertificateAuthorityIssueCode.IntermediateIsSelfSigned, "This intermediate is self-signed; it is probably a root CA."));
        }

        var now = _timeProvider.GetUtcNow();
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now > notAfter)
        {
            errors.Add(new(CertificateAuthorityIssueCode.Expired, $"The certificate expired at {notAfter:u}."));
        }
        else if (notAfter - now < ExpiryWarningPeriod)
        {
            warnings.Add(new(CertificateAuthorityIssueCode.ExpiresSoon, $"The certificate expires soon ({notAfter:u})."));
        }

        if (now < notBefore)
        {
            warnings.Add(new(CertificateAuthorityIssueCode.NotYetValid, $"The certificate is not valid before {notBefore:u}."));
        }

        if (KeyIdentifiers.FindSubjectKeyIdentifier(certificate) is null)
        {
            warnings.Add(new(CertificateAuthorityIssueCode.NoSubjectKeyIdentifier, "The certificate has no subject key identifier; it was computed from the public key."));
        }

        var ski = KeyIdentifiers.GetSubjectKeyIdentifier(certificate);
        if (trustedIssuerSki is { Length: > 0 } && !KeyIdentifiers.HexEquals(trustedIssuerSki, ski))
        {
            errors.Add(new(CertificateAuthorityIssueCode.TrustedIssuerMismatch, $"TrustedIssuerSki {trustedIssuerSki} is not this CA's key identifier {ski}."));
        }

        if (trustedIssuer is { Length: > 0 } && !string.Equals(trustedIssuer, certificate.Subject, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(CertificateAuthorityIssueCode.TrustedIssuerMismatch, $"TrustedIssuer '{trustedIssuer}' is not this CA's subject '{certificate.Subject}'."));
        }

        return new CertificateAuthorityInspection
        {
            Certificate = certificate,
            Subject = certificate.Subject,
            SubjectKeyIdentifier = ski,
            Sha256Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256),
            NotBefore = notBefore,
            NotAfter = notAfter,
            Errors = errors,
            Warnings = warnings,
        };
    }

    private static X509Certificate2? TryLoad(ReadOnlySpan<byte> data)
    {
        try
        {
            var trimmed = data.TrimStart(" \t\r\n"u8);
            if (trimmed.StartsWith("-----BEGIN"u8))
            {
                var text = Encoding.ASCII.GetString(trimmed);
                if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "CERTIFICATE")
                {
                    return null;
                }

                return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text[fields.Base64Data]));
            }

            return X509CertificateLoader.LoadCertificate(data);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
