namespace CertAuth.Federation.Protocols.Samlp;

/// <summary>An authentication request (Core §3.4.1).</summary>
public sealed class AuthnRequest
{
    /// <summary>Unique identifier.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Protocol version; always "2.0" when read.</summary>
    public string Version { get; set; } = Saml.SamlNamespaces.Version;

    /// <summary>Time of issue (UTC).</summary>
    public DateTimeOffset IssueInstant { get; set; }

    /// <summary>The URI the request was sent to.</summary>
    public string? Destination { get; set; }

    /// <summary>Entity id of the requester.</summary>
    public string? Issuer { get; set; }

    /// <summary>Where the response should go.</summary>
    public string? AssertionConsumerServiceUrl { get; set; }

    /// <summary>Index of the ACS in the requester's metadata.</summary>
    public int? AssertionConsumerServiceIndex { get; set; }

    /// <summary>Binding for the response.</summary>
    public string? ProtocolBinding { get; set; }

    /// <summary>NameID policy, if any.</summary>
    public NameIdPolicy? NameIdPolicy { get; set; }

    /// <summary>Whether the IdP must re-authenticate the user.</summary>
    public bool ForceAuthn { get; set; }

    /// <summary>Whether the IdP must not interact with the user.</summary>
    public bool IsPassive { get; set; }

    /// <summary>Requested authentication context, if any.</summary>
    public RequestedAuthnContext? RequestedAuthnContext { get; set; }
}
