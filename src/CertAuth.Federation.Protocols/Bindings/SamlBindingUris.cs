namespace CertAuth.Federation.Protocols.Bindings;

/// <summary>Binding identifiers (SAML 2.0 Bindings §3).</summary>
public static class SamlBindingUris
{
    /// <summary>HTTP-Redirect binding.</summary>
    public const string HttpRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

    /// <summary>HTTP-POST binding.</summary>
    public const string HttpPost = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    /// <summary>HTTP-Artifact binding.</summary>
    public const string HttpArtifact = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact";

    /// <summary>SOAP binding.</summary>
    public const string Soap = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP";
}
