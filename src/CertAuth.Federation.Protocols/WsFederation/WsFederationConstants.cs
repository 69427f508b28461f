namespace CertAuth.Federation.Protocols.WsFederation;

/// <summary>
/// Names of the WS-Federation 1.2 passive requestor profile (WS-Federation 1.2 §13) and of the WS-Trust February 2005
/// response it carries, as AD FS speaks them.
/// </summary>
public static class WsFederationConstants
{
    /// <summary><c>wa</c> value of a sign-in request (§13.2.2).</summary>
    public const string SignIn = "wsignin1.0";

    /// <summary><c>wa</c> value of a sign-out request (§13.2.4).</summary>
    public const string SignOut = "wsignout1.0";

    /// <summary><c>wa</c> value of a sign-out clean-up request (§13.2.4).</summary>
    public const string SignOutCleanup = "wsignoutcleanup1.0";

    /// <summary>WS-Trust February 2005 namespace (the RSTR of the passive profile, as AD FS and Azure AD use it).</summary>
    public const string TrustNamespace = "http://schemas.xmlsoap.org/ws/2005/02/trust";

    /// <summary>Prefix for <see cref="TrustNamespace"/>.</summary>
    public const string TrustPrefix = "t";

    /// <summary>WS-Policy namespace (<c>wsp:AppliesTo</c>).</summary>
    public const string PolicyNamespace = "http://schemas.xmlsoap.org/ws/2004/09/policy";

    /// <summary>WS-Addressing 1.0 namespace (<c>wsa:EndpointReference</c>).</summary>
    public const string AddressingNamespace = "http://www.w3.org/2005/08/addressing";

    /// <summary>WS-Security utility namespace (<c>wsu:Created</c>, <c>wsu:Expires</c>).</summary>
    public const string UtilityNamespace = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>WS-Federation 1.2 namespace (metadata role descriptors, §3.1).</summary>
    public const string FederationNamespace = "http://docs.oasis-open.org/wsfed/federation/200706";

    /// <summary>RequestType of an issued token (WS-Trust 2005/02).</summary>
    public const string IssueRequestType = "http://schemas.xmlsoap.org/ws/2005/02/trust/Issue";

    /// <summary>Bearer key type: the token has no proof key (WS-Trust 2005/02).</summary>
    public const string BearerKeyType = "http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey";

    /// <summary>Token type of a SAML 1.1 assertion (SAML Token Profile 1.1 §3.6).</summary>
    public const string Saml11TokenType = "urn:oasis:names:tc:SAML:1.0:assertion";

    /// <summary>Token type of a SAML 2.0 assertion (SAML Token Profile 1.1 §3.6).</summary>
    public const string Saml2TokenType = "urn:oasis:names:tc:SAML:2.0:assertion";

    /// <summary>Token type URI for SAML 1.1 as AD FS also advertises it (SAML Token Profile 1.1 §3.6).</summary>
    public const string Saml11TokenTypeUri = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1";

    /// <summary>Token type URI for SAML 2.0 (SAML Token Profile 1.1 §3.6).</summary>
    public const string Saml2TokenTypeUri = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0";
}
