using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Hardened XML-DSig verifier for SAML (SAML Core §5.4, XML Signature 1.1, OWASP SAML cheat sheet, XSW1-8):
/// exactly one <c>ds:Signature</c> child of the signed element; exactly one Reference whose URI is <c>#</c> + that
/// element's ID; that ID occurs once in the whole document; transforms only enveloped-signature and exclusive C14N;
/// SignedInfo canonicalized only with exclusive C14N; algorithms from an allow-list (no SHA-1 unless allowed); and
/// the key is only ever one of the caller's trusted certificates — KeyInfo is never used to verify. There is exactly
/// one verification path: <see cref="ExclusiveCanonicalizer"/> over the very DOM nodes the readers then consume (no
/// re-serialisation, no second verifier that could accept what this one refuses).
/// </summary>
public sealed class SignatureVerifier
{
    private static readonly string[] IdAttributeNames = ["ID", "Id", "id", "AssertionID"];

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
    /// Refused with the precise reason on any failure.
    /// </summary>
    /// <param name="signedElement">The element whose enveloped signature is checked.</param>
    /// <param name="trustedCertificates">The only keys the signature may verify with.</param>
    /// <param name="allowSha1">Whether SHA-1 is accepted (off by default).</param>
    /// <param name="idAttribute">The attribute holding the element's ID: <c>ID</c>, or <c>AssertionID</c> for a SAML 1.1 assertion.</param>
    /// <returns>The trusted certificate that matched, or the refusal.</returns>
    public SamlResult<SignatureVerificationResult> Verify(
        XmlElement signedElement, IReadOnlyCollection<X509Certificate2> trustedCertificates, bool allowSha1 = false, string idAttribute = "ID")
    {
        ArgumentNullException.ThrowIfNull(signedElement);
        ArgumentNullException.ThrowIfNull(trustedCertificates);
        return SamlResult<SignatureVerificationResult>.Of(() => VerifyOrThrow(signedElement, trustedCertificates, allowSha1, idAttribute));
    }

    /// <summary>
    /// Verifies an HTTP-Redirect binding signature (SAML Bindings §3.4.4.1) over the query string exactly as received
    /// (still URL-encoded). Refused with the precise reason on failure.
    /// </summary>
    /// <param name="rawQueryString">The raw query string, with or without the leading '?'.</param>
    /// <param name="trustedCertificates">The issuer's configured signing certificates.</param>
    /// <param name="allowSha1">Whether SHA-1 is accepted (off by default).</param>
    public SamlResult<SignatureVerificationResult> VerifyRedirectSignature(
        string rawQueryString, IReadOnlyCollection<X509Certificate2> trustedCertificates, bool allowSha1 = false)
    {
        ArgumentNullException.ThrowIfNull(rawQueryString);
        ArgumentNullException.ThrowIfNull(trustedCertificates);
        return SamlResult<SignatureVerificationResult>.Of(() => VerifyRedirectSignatureOrThrow(rawQueryString, trustedCertificates, allowSha1));
    }

    /// <summary>As <see cref="Verify"/>, for the validators of this assembly.</summary>
    internal SignatureVerificationResult VerifyOrThrow(
        XmlElement signedElement, IReadOnlyCollection<X509Certificate2> trustedCertificates, bool allowSha1 = false, string idAttribute = "ID")
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

        var id = signedElement.GetAttribute(idAttribute);
        if (string.IsNullOrEmpty(id))
        {
            throw Reference("The signed element has no ID.");
        }

        RequireUniqueId(signedElement.OwnerDocument, id);
        var signatureElement = signatures[0];
        var signedInfo = CheckSignedInfo(signatureElement, id, allowSha1, out var signature);
        return VerifyCanonical(signedElement, signatureElement, signedInfo, signature, trustedCertificates);
    }

    /// <summary>As <see cref="VerifyRedirectSignature"/>, for the validators of this assembly.</summary>
    internal SignatureVerificationResult VerifyRedirectSignatureOrThrow(
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

    /// <summary>
    /// Structural checks of SignedInfo before any cryptography: exclusive C14N for SignedInfo, an allowed signature
    /// method, exactly one Reference to <c>#</c> + the ID, exactly the transforms enveloped-signature then exclusive
    /// C14N (the only pipeline the canonicalizer implements; any other is refused, never handed elsewhere), an allowed
    /// digest method, and base64 digest and signature values.
    /// </summary>
    private static XmlElement CheckSignedInfo(XmlElement signature, string id, bool allowSha1, out SignatureParts parts)
    {
        var signedInfo = signature.RequiredChild(SamlNamespaces.XmlDsig, "SignedInfo");
        var c14nElement = signedInfo.RequiredChild(SamlNamespaces.XmlDsig, "CanonicalizationMethod");
        var c14n = c14nElement.GetAttribute("Algorithm");
        if (c14n != SignatureAlgorithms.ExclusiveC14N)
        {
            throw new SamlValidationException(SamlFailureReason.DisallowedTransform, $"Canonicalization method '{LogSafe.Quote(c14n)}' is not allowed.");
        }

        var signedInfoPrefixes = InclusivePrefixes(c14nElement);
        var signatureMethod = signedInfo.RequiredChild(SamlNamespaces.XmlDsig, "SignatureMethod").GetAttribute("Algorithm");
        var method = SignatureAlgorithmRules.RequireAllowedSignatureMethod(signatureMethod, allowSha1);

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
        var list = transforms?.ChildElements().ToList() ?? [];
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

        // Without both, in this order, the pipeline would end in inclusive C14N (XML-DSig §4.4.3.2) or digest the
        // signature itself; neither is a shape any SAML signer produces.
        if (list.Count != 2
            || list[0].GetAttribute("Algorithm") != SignatureAlgorithms.EnvelopedSignature || list[0].HasChildNodes
            || list[1].GetAttribute("Algorithm") != SignatureAlgorithms.ExclusiveC14N)
        {
            throw new SamlValidationException(SamlFailureReason.DisallowedTransform, "The transforms must be enveloped-signature then exclusive C14N.");
        }

        var referencePrefixes = InclusivePrefixes(list[1]);
        var digestMethod = SignatureAlgorithmRules.RequireAllowedDigestMethod(
            reference.RequiredChild(SamlNamespaces.XmlDsig, "DigestMethod").GetAttribute("Algorithm"), allowSha1);
        try
        {
            parts = new SignatureParts(
                method,
                signatureMethod,
                digestMethod,
                Convert.FromBase64String(reference.RequiredChild(SamlNamespaces.XmlDsig, "DigestValue").FullText()),
                Convert.FromBase64String(signature.RequiredChild(SamlNamespaces.XmlDsig, "SignatureValue").FullText()),
                referencePrefixes,
                signedInfoPrefixes);
        }
        catch (FormatException ex)
        {
            // A DigestValue or SignatureValue that is not base64 (found by the fuzz tests).
            throw new SamlValidationException(SamlFailureReason.SchemaViolation, "The signature element is malformed.", ex);
        }

        return signedInfo;
    }

    /// <summary>
    /// The PrefixList of an exclusive C14N transform or canonicalization method (exc-c14n §4): no child, or exactly one
    /// <c>ec:InclusiveNamespaces</c> with a PrefixList attribute. Anything else is refused.
    /// </summary>
    private static IReadOnlyList<string>? InclusivePrefixes(XmlElement method)
    {
        IReadOnlyList<string>? prefixes = null;
        foreach (XmlNode child in method.ChildNodes)
        {
            switch (child.NodeType)
            {
                case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.Comment:
                    continue;
                case XmlNodeType.Element when prefixes is null
                    && child.LocalName == "InclusiveNamespaces" && child.NamespaceURI == SignatureAlgorithms.ExclusiveC14N
                    && !child.HasChildNodes && ((XmlElement)child).GetAttributeNode("PrefixList") is { } list:
                    prefixes = ExclusiveCanonicalizer.ParsePrefixList(list.Value);
                    continue;
                default:
                    throw new SamlValidationException(SamlFailureReason.DisallowedTransform, "The canonicalization parameters are not supported.");
            }
        }

        return prefixes;
    }

    /// <summary>
    /// The one verification path: the digest of the exclusive canonical form of the very DOM nodes the readers then
    /// consume (signed element without this signature), then the signature over SignedInfo's canonical form, with the
    /// trusted keys only. The failure reason is computed from the same canonical bytes.
    /// </summary>
    private static SignatureVerificationResult VerifyCanonical(
        XmlElement signedElement, XmlElement signatureElement, XmlElement signedInfo, SignatureParts parts, IReadOnlyCollection<X509Certificate2> trustedCertificates)
    {
        var digest = ExclusiveCanonicalizer.Hash(signedElement, parts.Digest, excluded: signatureElement, parts.ReferencePrefixes);
        var digestMatches = CryptographicOperations.FixedTimeEquals(digest, parts.DigestValue);
        var canonicalSignedInfo = digestMatches ? ExclusiveCanonicalizer.Canonicalize(signedInfo, inclusivePrefixes: parts.SignedInfoPrefixes) : null;
        if (canonicalSignedInfo is not null)
        {
            foreach (var certificate in trustedCertificates)
            {
                if (VerifiesWith(canonicalSignedInfo, parts, certificate))
                {
                    return new SignatureVerificationResult(certificate, parts.SignatureMethodUri);
                }
            }
        }

        // Diagnostics only: distinguish "valid, but by a key we do not trust" from "broken". Never accepts.
        var reason = trustedCertificates.Count == 0 || (canonicalSignedInfo is not null && VerifiesWithEmbeddedKey(canonicalSignedInfo, parts, signatureElement))
            ? SamlFailureReason.UntrustedKey
            : SamlFailureReason.InvalidSignature;
        throw new SamlValidationException(
            reason,
            reason == SamlFailureReason.UntrustedKey
                ? "The signature was not made with a trusted key."
                : "The signature does not verify with any trusted key.");
    }

    private static bool VerifiesWith(byte[] canonicalSignedInfo, SignatureParts parts, X509Certificate2 certificate)
    {
        try
        {
            return SignatureAlgorithmRules.Verify(canonicalSignedInfo, parts.SignatureValue, certificate, parts.Method);
        }
        catch (CryptographicException)
        {
            // Wrong key type for the method, or a malformed signature value: this key does not verify it.
            return false;
        }
    }

    private static bool VerifiesWithEmbeddedKey(byte[] canonicalSignedInfo, SignatureParts parts, XmlElement signatureElement)
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
            return VerifiesWith(canonicalSignedInfo, parts, embedded);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or SamlValidationException)
        {
            return false;
        }
    }

    private sealed record SignatureParts(
        (bool IsEcdsa, HashAlgorithmName Hash) Method,
        string SignatureMethodUri,
        HashAlgorithmName Digest,
        byte[] DigestValue,
        byte[] SignatureValue,
        IReadOnlyList<string>? ReferencePrefixes,
        IReadOnlyList<string>? SignedInfoPrefixes);
}
