namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>Status codes (SAML 2.0 Core §3.2.2.2).</summary>
public static class SamlStatusCodes
{
    private const string Prefix = "urn:oasis:names:tc:SAML:2.0:status:";

    /// <summary>Top level: success.</summary>
    public const string Success = Prefix + "Success";

    /// <summary>Top level: the requester made an error.</summary>
    public const string Requester = Prefix + "Requester";

    /// <summary>Top level: the responder failed.</summary>
    public const string Responder = Prefix + "Responder";

    /// <summary>Top level: version mismatch.</summary>
    public const string VersionMismatch = Prefix + "VersionMismatch";

    /// <summary>Second level: authentication failed.</summary>
    public const string AuthnFailed = Prefix + "AuthnFailed";

    /// <summary>Second level: the NameID policy cannot be honoured.</summary>
    public const string InvalidNameIdPolicy = Prefix + "InvalidNameIDPolicy";

    /// <summary>Second level: the requested authentication context cannot be met.</summary>
    public const string NoAuthnContext = Prefix + "NoAuthnContext";

    /// <summary>Second level: passive authentication is not possible.</summary>
    public const string NoPassive = Prefix + "NoPassive";

    /// <summary>Second level: the request was denied.</summary>
    public const string RequestDenied = Prefix + "RequestDenied";

    /// <summary>Second level: the request is not supported.</summary>
    public const string RequestUnsupported = Prefix + "RequestUnsupported";

    /// <summary>Second level: the principal is unknown.</summary>
    public const string UnknownPrincipal = Prefix + "UnknownPrincipal";

    /// <summary>Second level of a LogoutResponse: the logout did not reach every session participant (Core §3.7.3.2).</summary>
    public const string PartialLogout = Prefix + "PartialLogout";
}
