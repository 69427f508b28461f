using System.Security.Cryptography.Xml;
using System.Xml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// <see cref="SignedXml"/> that resolves a reference to exactly one element: the one the caller decided is signed.
/// Any other ID resolves to nothing, so the digest can never be computed over an element found elsewhere.
/// </summary>
internal sealed class ExactReferenceSignedXml : SignedXml
{
    private readonly XmlElement _signedElement;
    private readonly string _id;

    public ExactReferenceSignedXml(XmlElement signedElement, string id)
        : base(signedElement)
    {
        _signedElement = signedElement;
        _id = id;
    }

    public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
        string.Equals(idValue, _id, StringComparison.Ordinal) ? _signedElement : null;
}
