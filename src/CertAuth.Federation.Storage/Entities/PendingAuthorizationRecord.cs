namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// An authorization request waiting for the federation server's response, keyed by the AuthnRequest ID that the
/// response's InResponseTo must name. <see cref="BrowserBindingHash"/> ties it to the browser that started it.
/// </summary>
public sealed class PendingAuthorizationRecord
{
    /// <summary>The ID of the AuthnRequest sent to the federation server.</summary>
    public required string RequestId { get; set; }

    /// <summary>SHA-256 (upper-case hex) of the random value in the browser's binding cookie (unique).</summary>
    public required string BrowserBindingHash { get; set; }

    public required string FederationEntityId { get; set; }

    public required string ClientId { get; set; }

    public required string RedirectUri { get; set; }

    public string? State { get; set; }

    public string? Nonce { get; set; }

    public string? CodeChallenge { get; set; }

    public string? CodeChallengeMethod { get; set; }

    /// <summary>Requested scopes, space-separated.</summary>
    public required string Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }
}
