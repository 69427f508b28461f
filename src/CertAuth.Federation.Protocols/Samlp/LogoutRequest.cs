using CertAuth.Federation.Protocols.Saml;

namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>A <c>samlp:LogoutRequest</c> (SAML 2.0 Core §3.7.1): which principal's session to end, and which session(s).</summary>
public sealed class LogoutRequest
{
    /// <summary>The request ID (the LogoutResponse's InResponseTo).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>When it was issued.</summary>
    public DateTimeOffset IssueInstant { get; set; }

    /// <summary>The endpoint it was sent to, if stated.</summary>
    public string? Destination { get; set; }

    /// <summary>Who sent it (an entity id).</summary>
    public string? Issuer { get; set; }

    /// <summary>After this instant the request must not be acted on (Core §3.7.1), if stated.</summary>
    public DateTimeOffset? NotOnOrAfter { get; set; }

    /// <summary>Why the logout happens (a URI, e.g. <c>urn:oasis:names:tc:SAML:2.0:logout:user</c>), if stated.</summary>
    public string? Reason { get; set; }

    /// <summary>The principal (a plain NameID; encrypted or base identifiers are refused by the reader).</summary>
    public NameId NameId { get; set; } = new();

    /// <summary>The session indexes to end; empty means every session of the principal.</summary>
    public IList<string> SessionIndexes { get; } = new List<string>();
}

/// <summary>A <c>samlp:LogoutResponse</c> (SAML 2.0 Core §3.7.2): a StatusResponseType answer to a LogoutRequest.</summary>
public sealed class LogoutResponse
{
    /// <summary>The response ID.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The ID of the LogoutRequest answered.</summary>
    public string? InResponseTo { get; set; }

    /// <summary>When it was issued.</summary>
    public DateTimeOffset IssueInstant { get; set; }

    /// <summary>The endpoint it was sent to, if stated.</summary>
    public string? Destination { get; set; }

    /// <summary>Who sent it (an entity id).</summary>
    public string? Issuer { get; set; }

    /// <summary>The status; <see cref="SamlStatusCodes.Success"/>, or with <see cref="SamlStatusCodes.PartialLogout"/> as second level.</summary>
    public SamlStatus Status { get; set; } = new();
}
