namespace CertAuth.Federation.Protocols.Metadata;

/// <summary>An entity's metadata (Metadata §2.3.2), IdP and SP roles only.</summary>
public sealed class EntityDescriptor
{
    /// <summary>Entity id.</summary>
    public string EntityId { get; set; } = string.Empty;

    /// <summary>XML ID (needed to sign the metadata).</summary>
    public string? Id { get; set; }

    /// <summary>Expiry of the metadata, if any.</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    /// <summary>Identity provider role, if any.</summary>
    public IdpSsoDescriptor? IdpSsoDescriptor { get; set; }

    /// <summary>WS-Federation roles (written before the SAML roles, as AD FS publishes them).</summary>
    public IList<WsFederationRoleDescriptor> WsFederationRoles { get; } = new List<WsFederationRoleDescriptor>();

    /// <summary>Service provider role, if any.</summary>
    public SpSsoDescriptor? SpSsoDescriptor { get; set; }
}
