namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// The sign-in protocol of a relying-party trust (federation server) or a federation trust (token service), and the
/// token type a WS-Federation relying party receives. Stored as these exact strings.
/// </summary>
public static class FederationProtocols
{
    /// <summary>SAML 2.0 Web Browser SSO (AuthnRequest, HTTP-Redirect/POST; SAML 2.0 Response).</summary>
    public const string Saml2 = "Saml2";

    /// <summary>WS-Federation passive requestor profile (wsignin1.0; wresult RSTR).</summary>
    public const string WsFederation = "WsFederation";

    /// <summary>Token type SAML 1.1 (the AD FS default for WS-Federation).</summary>
    public const string Saml11Token = "Saml11";

    /// <summary>Token type SAML 2.0.</summary>
    public const string Saml2Token = "Saml2";

    /// <summary>Whether <paramref name="value"/> is a protocol name (ordinal).</summary>
    public static bool IsProtocol(string? value) => value is Saml2 or WsFederation;

    /// <summary>Whether <paramref name="value"/> is a token type name (ordinal).</summary>
    public static bool IsTokenType(string? value) => value is Saml11Token or Saml2Token;
}
