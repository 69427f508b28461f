using System.Xml;
using CertAuth.Federation.Protocols.Bindings;
using CertAuth.Federation.Protocols.Saml;
using CertAuth.Federation.Protocols.Samlp;
using CertAuth.Federation.Protocols.Xml;
using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Hosting;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// Serializes a Response, signs its Assertion (and the Response itself when the trust asks for it) with the
/// token-signing key — RSA-SHA256, exclusive C14N — and wraps it in an HTTP-POST binding form.
/// </summary>
public sealed class SamlResponseIssuer(SamlResponseWriter writer, XmlSigner signer, HttpPostBinding postBinding, ITokenSigningCertificates signing)
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

    /// <summary>The auto-POST form carrying the signed Response to the relying party's ACS.</summary>
    public AutoPostModel CreateForm(SamlResponse response, bool signResponse, string? relayState)
    {
        var fields = new List<KeyValuePair<string, string>> { new("SAMLResponse", postBinding.Encode(Sign(response, signResponse))) };
        if (!string.IsNullOrEmpty(relayState))
        {
            fields.Add(new("RelayState", relayState));
        }

        return new AutoPostModel(response.Destination!, fields);
    }
}
