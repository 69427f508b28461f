namespace CertAuth.Federation.TokenService.Domain;

/// <summary>An OAuth 2.0 / OpenID Connect client as the token service's grants see it: immutable, mapped at the store boundary.</summary>
public sealed record OAuthClient
{
    /// <summary>The <c>client_id</c>.</summary>
    public required string ClientId { get; init; }

    /// <summary>Display name, if any.</summary>
    public string? DisplayName { get; init; }

    /// <summary>A disabled client is refused like an unknown one.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>True for public clients: no secret, PKCE required.</summary>
    public bool IsPublic { get; init; } = true;

    /// <summary>For confidential clients, the hash of the secret (never the secret).</summary>
    public string? SecretHash { get; init; }

    /// <summary>Registered redirect URIs.</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    /// <summary>Registered post-logout redirect URIs.</summary>
    public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];

    /// <summary>Scopes the client may request (empty: the default set).</summary>
    public IReadOnlyList<string> AllowedScopes { get; init; } = [];

    /// <summary>Grant types the client may use (empty: the default set).</summary>
    public IReadOnlyList<string> AllowedGrantTypes { get; init; } = [];
}
