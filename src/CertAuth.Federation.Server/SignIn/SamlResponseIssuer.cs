using System.Xml;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Hosting;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Serializes a Response, signs its Assertion (and the Response itself when the trust asks for it) with the
/// token-signing key — RSA-SHA256, exclusive C14N — and wraps it in an HTTP-POST binding form. The form value is made
/// by <see cref="SignedXmlMessageWriter"/>: the canonical bytes that are signed are the bytes that are sent, in one pass.
/// </summary>
public sealed class SamlResponseIssuer(
    SamlResponseWriter writer, XmlSigner signer, SignedXmlMessageWriter signedWriter, ITokenSigningCertificates signing)
{
    /// <summary>The signed Response document.</summary>
    public XmlDocument Sign(SamlResponse response, bool signResponse)
    {
        var document = writer.Write(response);
        var root = document.DocumentElement!;
        foreach (var assertion in root.ChildNodes.OfType<XmlElement>()
                     .Where(e => e.LocalName == "Assertion" && e.NamespaceURI == SamlNamespaces.Assertion)
                     .ToList())
        {
            signer.Sign(assertion, signing.Primary);
        }

        // The Response signature covers the already-signed Assertion, so it is applied last.
        if (signResponse || response.Assertions.Count == 0)
        {
            signer.Sign(root, signing.Primary);
        }

        return document;
    }

    /// <summary>
    /// The signed Response as the UTF-8 bytes sent (exclusive canonical form), written and signed in one pass: the same
    /// signatures as <see cref="Sign"/> (each Assertion, then the Response when asked or when it has no Assertion).
    /// </summary>
    public byte[] SignToBytes(SamlResponse response, bool signResponse)
    {
        var document = writer.Write(response);
        var root = document.DocumentElement!;
        var targets = root.ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "Assertion" && e.NamespaceURI == SamlNamespaces.Assertion)
            .Select(e => (e, "ID"))
            .ToList();
        if (signResponse || response.Assertions.Count == 0)
        {
            targets.Add((root, "ID"));
        }

        return signedWriter.Write(document, targets, signing.Primary);
    }

    /// <summary>The auto-POST form carrying the signed Response to the relying party's ACS.</summary>
    public AutoPostModel CreateForm(SamlResponse response, bool signResponse, string? relayState)
    {
        // HTTP-POST binding (SAML Bindings §3.5.4): base64 of the UTF-8 document, no BOM.
        var fields = new List<KeyValuePair<string, string>> { new("SAMLResponse", Convert.ToBase64String(SignToBytes(response, signResponse))) };
        if (!string.IsNullOrEmpty(relayState))
        {
            fields.Add(new("RelayState", relayState));
        }

        return new AutoPostModel(response.Destination!, fields);
    }
}
