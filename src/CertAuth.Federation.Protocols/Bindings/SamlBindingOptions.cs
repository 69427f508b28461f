namespace CertAuth.Federation.Protocols.Bindings;

/// <summary>Input bounds for the SAML bindings. Every message is checked against them before it is parsed.</summary>
public sealed class SamlBindingOptions
{
    /// <summary>
    /// Largest accepted URL-encoded <c>SAMLRequest</c>/<c>SAMLResponse</c> query value of the HTTP-Redirect binding,
    /// in characters. Default 64 KiB; browsers and proxies rarely pass longer URLs anyway.
    /// </summary>
    public int MaxRedirectEncodedLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest accepted size of a Redirect message after DEFLATE decompression, in bytes. Default 256 KiB.
    /// Inflation stops as soon as the bound is passed (deflate bombs never get further).
    /// </summary>
    public int MaxInflatedLength { get; set; } = 256 * 1024;

    /// <summary>Largest accepted base64 form value of the HTTP-POST binding, in characters. Default 512 KiB.</summary>
    public int MaxPostEncodedLength { get; set; } = 512 * 1024;

    /// <summary>
    /// Largest accepted RelayState, in bytes of its UTF-8 form. Default 1024; Bindings §3.4.3 and §3.5.3 say
    /// it MUST NOT exceed 80 bytes for interoperability, but real relying parties send more, so this is configurable.
    /// </summary>
    public int MaxRelayStateLength { get; set; } = 1024;

    /// <summary>
    /// Deepest element nesting accepted in a SAML message, the root element being level 1. Default
    /// <see cref="Xml.SafeXmlLoader.DefaultMaxElementDepth"/> (64). Enforced while parsing: a deeper document is
    /// refused with <see cref="SamlFailureReason.NestingTooDeep"/> before any tree is walked.
    /// </summary>
    public int MaxElementDepth { get; set; } = Xml.SafeXmlLoader.DefaultMaxElementDepth;
}
