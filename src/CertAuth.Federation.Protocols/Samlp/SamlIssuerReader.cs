using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Xml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>
/// Phase 1 of the two-phase read: the claimed issuer of a message, read cheaply and trusted for nothing but
/// choosing which party's keys and endpoints to validate phase 2 with.
/// </summary>
public sealed class SamlIssuerReader
{
    /// <summary>
    /// The <c>saml:Issuer</c> child of the root (Response, AuthnRequest, Assertion, ...). For a Response without
    /// one, the Issuer of its first direct child Assertion. Null when there is none; refused with
    /// <see cref="SamlFailureReason.SchemaViolation"/> when the Issuer has element content.
    /// </summary>
    public SamlResult<string?> ReadIssuer(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SamlResult<string?>.Of(() => ReadIssuerOrThrow(document));
    }

    /// <summary>As <see cref="ReadIssuer"/>, for the validators of this assembly.</summary>
    internal string? ReadIssuerOrThrow(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.DocumentElement;
        if (root is null)
        {
            return null;
        }

        var issuer = FirstChild(root, SamlNamespaces.Assertion, "Issuer");
        if (issuer is null && root.LocalName == "Response" && root.NamespaceURI == SamlNamespaces.Protocol)
        {
            var assertion = FirstChild(root, SamlNamespaces.Assertion, "Assertion");
            issuer = assertion is null ? null : FirstChild(assertion, SamlNamespaces.Assertion, "Issuer");
        }

        var text = issuer?.FullText().Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static XmlElement? FirstChild(XmlElement parent, string ns, string localName) =>
        parent.ChildElements(ns, localName).FirstOrDefault();
}
