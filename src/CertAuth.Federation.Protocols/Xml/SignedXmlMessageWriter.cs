using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Xml;

/// <summary>
/// Signs elements of a message we wrote ourselves and produces its wire bytes in one pass: the document is written once
/// in exclusive canonical form (UTF-8; <see cref="ExclusiveCanonicalizer"/>), which is both the form the digests are
/// computed over and the form sent, so there is no second serialise, parse or canonicalise round. The digest of each
/// signed element is the hash of its own bytes in that output (with the signatures of signed descendants spliced in),
/// each <c>ds:Signature</c> is written straight in canonical form (enveloped-signature + exclusive C14N transforms,
/// exclusive C14N SignedInfo, KeyInfo with the certificate — the shape <see cref="XmlSigner"/> makes), and the
/// signatures are spliced into the output. Innermost elements are signed first, so a Response signature covers its
/// signed Assertion. When an element's bytes in the document would not equal its canonical form as an apex (a
/// namespace declared outside it and relied on inside it; our writers never do this), it falls back to
/// <see cref="XmlSigner"/> on the DOM and the canonical form of the signed document: the same output, slower.
/// The receiving side parses canonical XML like any other (no declaration, explicit end tags, CR/TAB/LF in attribute
/// values and CR in text written as character references, so they survive parsing).
/// </summary>
public sealed class SignedXmlMessageWriter
{
    private readonly XmlSigner _fallback = new();

    /// <summary>
    /// Signs <paramref name="targets"/> (elements of <paramref name="document"/>, each with its ID attribute name) with
    /// <paramref name="certificate"/>'s private key and returns the whole signed document as UTF-8 bytes. The DOM is not
    /// changed (except on the fallback path, where the signatures are added to it).
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="XmlSigner.Sign"/>: a disallowed algorithm or an unsupported node is a bug.</exception>
    public byte[] Write(XmlDocument document, IReadOnlyList<(XmlElement Element, string IdAttribute)> targets, X509Certificate2 certificate, string signatureAlgorithm = SignatureAlgorithms.RsaSha256)
    {
        try
        {
            return WriteOrThrow(document, targets, certificate, signatureAlgorithm);
        }
        catch (SamlValidationException ex)
        {
            throw XmlSigner.SigningRefused(ex, nameof(document));
        }
    }

    private byte[] WriteOrThrow(XmlDocument document, IReadOnlyList<(XmlElement Element, string IdAttribute)> targets, X509Certificate2 certificate, string signatureAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(certificate);
        var root = document.DocumentElement ?? throw new ArgumentException("The document has no root element.", nameof(document));
        var digestMethod = SignatureAlgorithmRules.DigestFor(signatureAlgorithm);
        var (_, hash) = SignatureAlgorithmRules.RequireAllowedSignatureMethod(signatureAlgorithm, allowSha1: false);

        var regions = new CanonicalRegions.Region[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            regions[i] = RegionFor(root, targets[i].Element, targets[i].IdAttribute);
        }

        var map = new CanonicalRegions(regions);
        var builder = ExclusiveCanonicalizer.RentBuilder();
        string text;
        try
        {
            ExclusiveCanonicalizer.WriteDocument(root, builder, map);
            text = builder.ToString();
        }
        finally
        {
            ExclusiveCanonicalizer.ReturnBuilder(builder);
        }

        if (map.Mismatch || regions.Any(r => r.Start < 0 || r.Insert < 0 || r.End < 0))
        {
            return SignInDom(root, regions, targets, certificate, signatureAlgorithm);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var ascii = bytes.Length == text.Length;
        int ByteOffset(int chars) => ascii ? chars : Encoding.UTF8.GetByteCount(text.AsSpan(0, chars));

        var insertions = new List<(int Offset, byte[] Bytes)>(regions.Length);
        var certificateBase64 = Convert.ToBase64String(certificate.RawData);
        foreach (var region in regions.OrderByDescending(r => r.Depth))
        {
            int start = ByteOffset(region.Start), end = ByteOffset(region.End);
            var digest = HashRange(bytes, start, end, insertions, hash);
            var signedInfo = SignedInfo(region.Id, signatureAlgorithm, digestMethod, Convert.ToBase64String(digest));
            var signatureValue = SignatureAlgorithmRules.Sign(
                Encoding.UTF8.GetBytes(string.Concat("<ds:SignedInfo xmlns:ds=\"", SamlNamespaces.XmlDsig, "\">", signedInfo, "</ds:SignedInfo>")),
                certificate,
                signatureAlgorithm);
            var signature = string.Concat(
                "<ds:Signature xmlns:ds=\"", SamlNamespaces.XmlDsig, "\"><ds:SignedInfo>", signedInfo, "</ds:SignedInfo><ds:SignatureValue>",
                Convert.ToBase64String(signatureValue),
                "</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>",
                certificateBase64,
                "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>");
            insertions.Add((ByteOffset(region.Insert), Encoding.UTF8.GetBytes(signature)));
            insertions.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        }

        var output = new byte[bytes.Length + insertions.Sum(i => i.Bytes.Length)];
        int read = 0, written = 0;
        foreach (var (offset, inserted) in insertions)
        {
            bytes.AsSpan(read, offset - read).CopyTo(output.AsSpan(written));
            written += offset - read;
            read = offset;
            inserted.CopyTo(output.AsSpan(written));
            written += inserted.Length;
        }

        bytes.AsSpan(read).CopyTo(output.AsSpan(written));
        return output;
    }

    private static CanonicalRegions.Region RegionFor(XmlElement root, XmlElement element, string idAttribute)
    {
        ArgumentNullException.ThrowIfNull(element);
        var id = element.GetAttribute(idAttribute);
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("The element to sign has no ID attribute.", nameof(element));
        }

        if (element.ChildElements(SamlNamespaces.XmlDsig, "Signature").Any())
        {
            throw new ArgumentException("The element is already signed.", nameof(element));
        }

        var depth = 0;
        XmlNode? node = element;
        while (node is not null && !ReferenceEquals(node, root))
        {
            depth++;
            node = node.ParentNode;
        }

        if (node is null)
        {
            throw new ArgumentException("The element to sign is not in the document.", nameof(element));
        }

        // The same placement as XmlSigner.
        var first = element.ChildElements().FirstOrDefault();
        if (idAttribute == Saml11.Saml11Namespaces.AssertionIdAttribute)
        {
            return new CanonicalRegions.Region(element, id, CanonicalRegions.SignatureSlot.Last, null, depth);
        }

        return first is not null && first.LocalName == "Issuer" && first.NamespaceURI == SamlNamespaces.Assertion
            ? new CanonicalRegions.Region(element, id, CanonicalRegions.SignatureSlot.AfterIssuer, first, depth)
            : new CanonicalRegions.Region(element, id, CanonicalRegions.SignatureSlot.First, null, depth);
    }

    private static byte[] HashRange(byte[] bytes, int start, int end, List<(int Offset, byte[] Bytes)> insertions, HashAlgorithmName hash)
    {
        using var digest = IncrementalHash.CreateHash(hash);
        var read = start;
        foreach (var (offset, inserted) in insertions)
        {
            if (offset <= start || offset >= end)
            {
                continue;
            }

            digest.AppendData(bytes, read, offset - read);
            digest.AppendData(inserted);
            read = offset;
        }

        digest.AppendData(bytes, read, end - read);
        return digest.GetHashAndReset();
    }

    // The children of ds:SignedInfo in canonical form (the ds prefix is declared by the enclosing element).
    private static string SignedInfo(string id, string signatureAlgorithm, string digestMethod, string digestValue)
    {
        var text = new StringBuilder(640)
            .Append("<ds:CanonicalizationMethod Algorithm=\"").Append(SignatureAlgorithms.ExclusiveC14N).Append("\"></ds:CanonicalizationMethod>")
            .Append("<ds:SignatureMethod Algorithm=\"").Append(signatureAlgorithm).Append("\"></ds:SignatureMethod>")
            .Append("<ds:Reference URI=\"");
        ExclusiveCanonicalizer.AppendCanonicalAttributeValue(text, "#" + id);
        return text.Append("\"><ds:Transforms>")
            .Append("<ds:Transform Algorithm=\"").Append(SignatureAlgorithms.EnvelopedSignature).Append("\"></ds:Transform>")
            .Append("<ds:Transform Algorithm=\"").Append(SignatureAlgorithms.ExclusiveC14N).Append("\"></ds:Transform>")
            .Append("</ds:Transforms><ds:DigestMethod Algorithm=\"").Append(digestMethod).Append("\"></ds:DigestMethod>")
            .Append("<ds:DigestValue>").Append(digestValue).Append("</ds:DigestValue></ds:Reference>")
            .ToString();
    }

    private byte[] SignInDom(
        XmlElement root, CanonicalRegions.Region[] regions, IReadOnlyList<(XmlElement Element, string IdAttribute)> targets, X509Certificate2 certificate, string signatureAlgorithm)
    {
        foreach (var region in regions.OrderByDescending(r => r.Depth))
        {
            var idAttribute = targets.First(t => ReferenceEquals(t.Element, region.Element)).IdAttribute;
            _fallback.Sign(region.Element, certificate, signatureAlgorithm, idAttribute);
        }

        return ExclusiveCanonicalizer.Canonicalize(root);
    }
}
