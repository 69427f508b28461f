using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Hardened XML-DSig verifier for SAML (SAML Core §5.4, XML Signature 1.1, OWASP SAML cheat sheet, XSW1-8):
/// exactly one <c>ds:Signature</c> child of the signed element; exactly one Reference whose URI is <c>#</c> + that
/// element's ID; that ID occurs once in the whole document; transforms only enveloped-signature and exclusive C14N;
/// SignedInfo canonicalized only with exclusive C14N; algorithms from an allow-list (no SHA-1 unless allowed); and
/// the key is only ever one of the caller's trusted certificates — KeyInfo is never used to verify.
/// </summary>
public sealed class SignatureVerifier
{
    private static readonly string[] IdAttributeNames = ["ID", "Id", "id"];

    /// <summary>Creates a verifier (registers the ECDSA signature descriptions once per process).</summary>
    public SignatureVerifier()
    {
        EcdsaSignatureRegistration.EnsureRegistered();
    }

    /// <summary>Returns whether <paramref name="element"/> carries a <c>ds:Signature</c> child (it says nothing about validity).</summary>
    public bool HasSignature(XmlElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.ChildElements(SamlNamespaces.XmlDsig, "Signature").Any();
    }

    /// <summary>
    /// Verifies the enveloped signature of <paramref name="signedElement"/> with the trusted certificates only.
    /// Throws a <see cref="SamlValidationException"/> with the precise reason on any failure.
    /// </summary>
    /// <returns>The trusted certificate that matched.</returns>
    public SignatureVerificationResult Verify(
        XmlElement signedElement, IReadOnlyCollection<X509Certificate2> trustedCertificates, bool allowSha1 = false)
    {
        ArgumentNullException.ThrowIfNull(signedElement);
        ArgumentNullException.ThrowIfNull(trustedCertificates);

        var signatures = signedElement.ChildElements(SamlNamespaces.XmlDsig, "Signature").ToList();
        if (signatures.Count == 0)
        {
            throw new SamlValidationException(SamlFailureReason.MissingSignature, $"Element '{signedElement.LocalName}' is not signed.");
        }

        if (signatures.Count > 1)
        {
            throw Reference($"Element '{signedElement.LocalName}' has more than one signature.");
        }

        var id = signedElement.GetAttribute("ID");
        if (string.IsNullOrEmpty(id))
        {
            throw Reference("The signed element has no ID.");
        }

        RequireUniqueId(signedElement.OwnerDocument, id);
        var signatureElement = signatures[0];
        var signatureMethod = CheckSignedInfo(signatureElement, id, allowSha1);

        var signedXml = new ExactReferenceSignedXml(signedElement, id);
        try
        {
            signedXml.LoadXml(signatureElement);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // FormatException: a DigestValue or SignatureValue that is not base64 (found by the fuzz tests).
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "The signature element is malformed.", ex);
        }

        // Fast acceptance for the common shape (the same checks, without SignedXml's re-parsed copies); anything it
        // does not handle, and every failure, goes through SignedXml below, which decides and gives the reason.
        if (TryVerifyDirect(signedElement, signatureElement, signatureMethod, trustedCertificates, allowSha1) is { } direct)
        {
            return new SignatureVerificationResult(direct, signatureMethod);
        }

        foreach (var certificate in trustedCertificates)
        {
            if (CheckWith(signedXml, certificate))
            {
                return new SignatureVerificationResult(certificate, signatureMethod);
            }
        }

        // Diagnostics only: distinguish "valid, but by a key we do not trust" from "broken". Never accepts.
        var reason = trustedCertificates.Count == 0 || VerifiesWithEmbeddedKey(signedXml, signatureElement)
            ? SamlFailureReason.UntrustedKey
            : SamlFailureReason.InvalidSignature;
        throw new SamlValidationException(
            reason,
            reason == SamlFailureReason.UntrustedKey
                ? "The signature was not made with a trusted key."
                : "The signature does not verify with any trusted key.");
    }

    /// <summary>
    /// Verifies an HTTP-Redirect binding signature (SAML Bindings §3.4.4.1) over the query string exactly as received
    /// (still URL-encoded). Throws with the precise reason on failure.
    /// </summary>
    /// <param name="rawQueryString">The raw query string, with or without the leading '?'.</param>
    /// <param name="trustedCertificates">The issuer's configured signing certificates.</param>
    /// <param name="allowSha1">Whether SHA-1 is accepted (off by default).</param>
    public SignatureVerificationResult VerifyRedirectSignature(
        string rawQueryString, IReadOnlyCollection<X509Certificate2> trustedCertificates, bool allowSha1 = false)
    {
        ArgumentNullException.ThrowIfNull(rawQueryString);
        ArgumentNullException.ThrowIfNull(trustedCertificates);
        var query = RawQuery.Parse(rawQueryString);
        if (query.RawSignature is null || query.RawSigAlg is null)
        {
            throw new SamlValidationException(SamlFailureReason.MissingSignature, "The redirect message is not signed.");
        }

        var sigAlg = RawQuery.Decode(query.RawSigAlg);
        var method = SignatureAlgorithmRules.RequireAllowedSignatureMethod(sigAlg, allowSha1);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(RawQuery.Decode(query.RawSignature));
        }
        catch (FormatException ex)
        {
            throw new SamlValidationException(SamlFailureReason.MalformedEncoding, "The Signature parameter is not base64.", ex);
        }

        var signedOctets = System.Text.Encoding.UTF8.GetBytes(query.SignedContent());
        foreach (var certificate in trustedCertificates)
        {
            if (SignatureAlgorithmRules.Verify(signedOctets, signature, certificate, method))
            {
                return new SignatureVerificationResult(certificate, sigAlg);
            }
        }

        throw new SamlValidationException(SamlFailureReason.InvalidSignature, "The redirect signature does not verify with any trusted key.");
    }

    private static SamlValidationException Reference(string message) =>
        new(SamlFailureReason.SignatureReferenceInvalid, message);

    /// <summary>The ID must be unique across all ID-like attributes of the whole document (defeats XSW with a copy).</summary>
    private static void RequireUniqueId(XmlDocument document, string id)
    {
        var count = 0;
        foreach (XmlElement element in document.GetElementsByTagName("*"))
        {
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if (IdAttributeNames.Contains(attribute.LocalName) && string.Equals(attribute.Value, id, StringComparison.Ordinal))
                {
                    count++;
                }
            }
        }

        if (count != 1)
        {
            throw Reference("The signed element's ID is not unique in the document.");
        }
    }

    /// <summary>Structural checks of SignedInfo before any cryptography; returns the signature method.</summary>
    private static string CheckSignedInfo(XmlElement signature, string id, bool allowSha1)
    {
        var signedInfo = signature.RequiredChild(SamlNamespaces.XmlDsig, "SignedInfo");
        var c14n = signedInfo.RequiredChild(SamlNamespaces.XmlDsig, "CanonicalizationMethod").GetAttribute("Algorithm");
        if (c14n != SignatureAlgorithms.ExclusiveC14N)
        {
            throw new SamlValidationException(SamlFailureReason.DisallowedTransform, $"Canonicalization method '{LogSafe.Quote(c14n)}' is not allowed.");
        }

        var signatureMethod = signedInfo.RequiredChild(SamlNamespaces.XmlDsig, "SignatureMethod").GetAttribute("Algorithm");
        SignatureAlgorithmRules.RequireAllowedSignatureMethod(signatureMethod, allowSha1);

        var references = signedInfo.ChildElements(SamlNamespaces.XmlDsig, "Reference").ToList();
        if (references.Count != 1)
        {
            throw Reference($"The signature has {references.Count} references; exactly one is required.");
        }

        var reference = references[0];
        if (reference.GetAttributeNode("URI")?.Value != "#" + id)
        {
            throw Reference("The signature reference does not point at the signed element.");
        }

        var transforms = reference.OptionalChild(SamlNamespaces.XmlDsig, "Transforms");
        if (transforms is not null)
        {
            var list = transforms.ChildElements().ToList();
            foreach (var transform in list)
            {
                var algorithm = transform.GetAttribute("Algorithm");
                if (transform.NamespaceURI != SamlNamespaces.XmlDsig || transform.LocalName != "Transform" ||
                    (algorithm != SignatureAlgorithms.EnvelopedSignature && algorithm != SignatureAlgorithms.ExclusiveC14N))
                {
                    throw new SamlValidationException(SamlFailureReason.DisallowedTransform, $"Transform '{LogSafe.Quote(algorithm)}' is not allowed.");
                }
            }

            if (list.Count > 2)
            {
                throw new SamlValidationException(SamlFailureReason.DisallowedTransform, "Too many transforms.");
            }
        }

        var digestMethod = reference.RequiredChild(SamlNamespaces.XmlDsig, "DigestMethod").GetAttribute("Algorithm");
        SignatureAlgorithmRules.RequireAllowedDigestMethod(digestMethod, allowSha1);
        return signatureMethod;
    }

    /// <summary>
    /// Verifies a signature whose SignedInfo was already checked by <see cref="CheckSignedInfo"/> when it has exactly
    /// the transforms enveloped-signature then exclusive C14N (no InclusiveNamespaces anywhere) and the signed tree
    /// is one <see cref="ExclusiveCanonicalizer"/> handles: digest of the signed element without this signature,
    /// then the SignedInfo signature with each trusted key. Returns the key that verified, or null (never throws for
    /// a bad signature; null sends the caller to the SignedXml path).
    /// </summary>
    private static X509Certificate2? TryVerifyDirect(
        XmlElement signedElement, XmlElement signature, string signatureMethod, IReadOnlyCollection<X509Certificate2> trustedCertificates, bool allowSha1)
    {
        var signedInfo = signature.RequiredChild(SamlNamespaces.XmlDsig, "SignedInfo");
        if (signedInfo.RequiredChild(SamlNamespaces.XmlDsig, "CanonicalizationMethod").HasChildNodes)
        {
            return null;
        }

        var reference = signedInfo.RequiredChild(SamlNamespaces.XmlDsig, "Reference");
        var transforms = reference.OptionalChild(SamlNamespaces.XmlDsig, "Transforms")?.ChildElements().ToList();
        if (transforms is not { Count: 2 }
            || transforms[0].GetAttribute("Algorithm") != SignatureAlgorithms.EnvelopedSignature || transforms[0].HasChildNodes
            || transforms[1].GetAttribute("Algorithm") != SignatureAlgorithms.ExclusiveC14N || transforms[1].HasChildNodes)
        {
            return null;
        }

        var digestMethod = SignatureAlgorithmRules.RequireAllowedDigestMethod(
            reference.RequiredChild(SamlNamespaces.XmlDsig, "DigestMethod").GetAttribute("Algorithm"), allowSha1);
        byte[] expectedDigest;
        byte[] signatureValue;
        try
        {
            expectedDigest = Convert.FromBase64String(reference.RequiredChild(SamlNamespaces.XmlDsig, "DigestValue").InnerText);
            signatureValue = Convert.FromBase64String(signature.RequiredChild(SamlNamespaces.XmlDsig, "SignatureValue").InnerText);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!ExclusiveCanonicalizer.TryHash(signedElement, digestMethod, out var digest, excluded: signature)
            || !CryptographicOperations.FixedTimeEquals(digest, expectedDigest)
            || ExclusiveCanonicalizer.TryCanonicalize(signedInfo) is not { } canonicalSignedInfo)
        {
            return null;
        }

        var method = SignatureAlgorithmRules.RequireAllowedSignatureMethod(signatureMethod, allowSha1);
        foreach (var certificate in trustedCertificates)
        {
            try
            {
                if (SignatureAlgorithmRules.Verify(canonicalSignedInfo, signatureValue, certificate, method))
                {
                    return certificate;
                }
            }
            catch (CryptographicException)
            {
            }
        }

        return null;
    }

    private static bool CheckWith(SignedXml signedXml, X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)certificate.GetRSAPublicKey() ?? certificate.GetECDsaPublicKey();
        if (key is null)
        {
            return false;
        }

        try
        {
            return signedXml.CheckSignature(key);
        }
        catch (CryptographicException)
        {
            // Wrong key type for the method, or a malformed signature value: this key does not verify it.
            return false;
        }
    }

    private static bool VerifiesWithEmbeddedKey(SignedXml signedXml, XmlElement signatureElement)
    {
        var certificateElement = signatureElement
            .GetElementsByTagName("X509Certificate", SamlNamespaces.XmlDsig).OfType<XmlElement>().FirstOrDefault();
        if (certificateElement is null)
        {
            return false;
        }

        try
        {
            using var embedded = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificateElement.FullText().Trim()));
            return CheckWith(signedXml, embedded);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or SamlValidationException)
        {
            return false;
        }
    }
}
