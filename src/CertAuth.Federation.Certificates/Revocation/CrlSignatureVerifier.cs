using System.Security.Cryptography.X509Certificates;
using CertAuth.Federation.Certificates.Cryptography;

namespace CertAuth.Federation.Certificates.Revocation;

/// <summary>
/// Verifies that a CRL was issued by a given CA (RFC 5280 §6.3.3 (f)-(g)): the CRL issuer DN equals the CA subject,
/// the CRL's Authority Key Identifier (when present) equals the CA's Subject Key Identifier, and the signature
/// verifies with the CA's public key using an allowed algorithm.
/// </summary>
public static class CrlSignatureVerifier
{
    /// <summary>Returns null when the CRL is authentic, otherwise the typed reason.</summary>
    public static CrlError? Verify(RevocationList crl, X509Certificate2 issuer, bool allowSha1 = false)
    {
        ArgumentNullException.ThrowIfNull(crl);
        ArgumentNullException.ThrowIfNull(issuer);

        if (!crl.Issuer.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
            && !string.Equals(crl.Issuer.Name, issuer.SubjectName.Name, StringComparison.Ordinal))
        {
            return new CrlError(CrlErrorCode.WrongIssuer, $"The CRL issuer '{crl.Issuer.Name}' is not the CA '{issuer.Subject}'.");
        }

        if (crl.AuthorityKeyIdentifier is { } aki
            && KeyIdentifiers.FindSubjectKeyIdentifier(issuer) is { } ski
            && !KeyIdentifiers.HexEquals(aki, ski))
        {
            return new CrlError(CrlErrorCode.WrongIssuer, "The CRL's authority key identifier does not match the CA's subject key identifier.");
        }

        return SignedDataVerifier.Verify(crl.TbsCertList.Span, crl.SignatureAlgorithm, crl.Signature.Span, issuer, allowSha1) switch
        {
            SignatureCheck.Valid => null,
            SignatureCheck.WeakAlgorithm => new CrlError(CrlErrorCode.SignatureInvalid, $"The CRL is signed with a weak algorithm ({crl.SignatureAlgorithmOid})."),
            SignatureCheck.UnsupportedAlgorithm => new CrlError(CrlErrorCode.SignatureInvalid, $"Unsupported CRL signature algorithm ({crl.SignatureAlgorithmOid})."),
            _ => new CrlError(CrlErrorCode.SignatureInvalid, "The CRL signature does not verify with the CA's key."),
        };
    }
}
