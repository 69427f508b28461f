namespace CertAuth.Federation.TokenService.Domain;

/// <summary>A short-lived, single-use authorization code as the grants see it: immutable, mapped at the store boundary.</summary>
public sealed record AuthorizationCode
{
    /// <summary>The store's key.</summary>
    public long Id { get; init; }

    /// <summary>SHA-256 of the code, upper-case hex.</summary>
    public required string CodeHash { get; init; }

    /// <summary>The client the code was issued to.</summary>
    public required string ClientId { get; init; }

    /// <summary>The authorization request's redirect_uri.</summary>
    public required string RedirectUri { get; init; }

    /// <summary>PKCE code_challenge (S256), if any.</summary>
    public string? CodeChallenge { get; init; }

    /// <summary>PKCE code_challenge_method (S256) when there is a challenge.</summary>
    public string? CodeChallengeMethod { get; init; }

    /// <summary>Granted scopes, space-separated.</summary>
    public required string Scopes { get; init; }

    /// <summary>The OpenID Connect nonce, if any.</summary>
    public string? Nonce { get; init; }

    /// <summary>The token-service user; null only on codes written before it existed (refused).</summary>
    public int? TokenServiceUserId { get; init; }

    /// <summary>The user's UPN at issue.</summary>
    public required string Upn { get; init; }

    /// <summary>When the user authenticated.</summary>
    public DateTimeOffset AuthTime { get; init; }

    /// <summary>Entity id of the federation server that authenticated the user.</summary>
    public required string FederationIssuer { get; init; }

    /// <summary>The federation server's NameID value.</summary>
    public string? FederationNameId { get; init; }

    /// <summary>The format of <see cref="FederationNameId"/>.</summary>
    public string? FederationNameIdFormat { get; init; }

    /// <summary>The SessionIndex of the sign-in's assertion.</summary>
    public string? FederationSessionIndex { get; init; }

    /// <summary>The sign-in certificate's serial number.</summary>
    public string? CertificateSerialNumber { get; init; }

    /// <summary>The sign-in certificate's issuer DN.</summary>
    public string? CertificateIssuer { get; init; }

    /// <summary>The sign-in certificate's Authority Key Identifier, if any.</summary>
    public string? CertificateAuthorityKeyId { get; init; }

    /// <summary>When the code was issued.</summary>
    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>When the code expires.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
