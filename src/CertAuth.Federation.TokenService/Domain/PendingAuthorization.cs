namespace CertAuth.Federation.TokenService.Domain;

/// <summary>
/// An authorization request waiting for the federation server's answer, as the authorize endpoint and the ACS see it:
/// immutable, mapped at the store boundary (<see cref="StoreRepositories"/>). Keyed by the AuthnRequest ID
/// (<see cref="RequestId"/>) the response must name; <see cref="BrowserBindingHash"/> ties it to one browser.
/// </summary>
public sealed record PendingAuthorization
{
    /// <summary>The ID of the request sent to the federation server (AuthnRequest ID or WS-Federation wctx).</summary>
    public required string RequestId { get; init; }

    /// <summary>SHA-256 (upper-case hex) of the random value in the browser's binding cookie.</summary>
    public required string BrowserBindingHash { get; init; }

    /// <summary>The federation trust the browser was sent to.</summary>
    public required string FederationEntityId { get; init; }

    /// <summary>The client that asked.</summary>
    public required string ClientId { get; init; }

    /// <summary>The validated redirect_uri.</summary>
    public required string RedirectUri { get; init; }

    /// <summary>The client's state, if any.</summary>
    public string? State { get; init; }

    /// <summary>The OpenID Connect nonce, if any.</summary>
    public string? Nonce { get; init; }

    /// <summary>PKCE code_challenge, if any.</summary>
    public string? CodeChallenge { get; init; }

    /// <summary>PKCE code_challenge_method (S256) when there is a challenge.</summary>
    public string? CodeChallengeMethod { get; init; }

    /// <summary>Requested scopes, space-separated.</summary>
    public required string Scopes { get; init; }

    /// <summary>When the request was stored.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the answer consumed it, if it did.</summary>
    public DateTimeOffset? ConsumedAt { get; init; }
}
