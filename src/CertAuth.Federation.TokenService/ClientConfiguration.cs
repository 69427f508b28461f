namespace CertAuth.Federation.TokenService;

/// <summary>An OAuth client, as configured in <c>TokenService:Clients</c>.</summary>
public sealed class ClientConfiguration
{
    public string? ClientId { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Public client (no secret, PKCE S256 required). Default true.</summary>
    public bool Public { get; set; } = true;

    /// <summary>For confidential clients: the secret's hash (<c>ClientSecretHasher.Hash</c>), never the secret.</summary>
    public string? SecretHash { get; set; }

    /// <summary>Exact redirect URIs; loopback http URIs match any port (RFC 8252 §7.3).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>Exact post-logout redirect URIs for <c>/oauth2/logout</c> (none: the signed-out page).</summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public List<string> AllowedScopes { get; set; } = [];

    public List<string> AllowedGrantTypes { get; set; } = [];
}
