namespace CertAuth.Federation.Storage.Entities;

/// <summary>An OAuth 2.0 / OpenID Connect client registered with the token service.</summary>
public sealed class OAuthClientRecord
{
    public int Id { get; set; }

    /// <summary>The <c>client_id</c> (unique, case-sensitive).</summary>
    public required string ClientId { get; set; }

    public string? DisplayName { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>True for public clients (native apps, SPAs): no secret, PKCE S256 required.</summary>
    public bool IsPublic { get; set; } = true;

    /// <summary>For confidential clients: <see cref="Stores.ClientSecretHasher"/> hash of the secret; never the secret itself.</summary>
    public string? SecretHash { get; set; }

    /// <summary>
    /// Exact-match redirect URIs. A loopback URI (<c>http://127.0.0.1/...</c>, <c>http://[::1]/...</c>) matches any port
    /// (RFC 8252 §7.3); every other URI must match character for character.
    /// </summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// Where <c>/oauth2/logout</c> (OpenID Connect RP-Initiated Logout 1.0) may send the browser back after sign-out:
    /// exact match, character for character; empty: the token service shows its signed-out page.
    /// </summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Scopes the client may request; empty allows <c>openid profile email offline_access</c>.</summary>
    public List<string> AllowedScopes { get; set; } = [];

    /// <summary>Grant types the client may use; empty allows <c>authorization_code</c> and <c>refresh_token</c>.</summary>
    public List<string> AllowedGrantTypes { get; set; } = [];

    public RecordSource Source { get; set; } = RecordSource.Administrator;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
