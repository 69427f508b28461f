namespace CertAuth.Federation.TokenService.Domain;

/// <summary>
/// One refresh token of a rotation family (<see cref="FamilyId"/>), as the grants see it: immutable, mapped at the
/// store boundary. Only the hash of the opaque value exists; the sign-in facts are copied into every rotation.
/// </summary>
public sealed record RefreshToken
{
    /// <summary>The store's key (0 for a token not yet stored).</summary>
    public long Id { get; init; }

    /// <summary>SHA-256 of the token, upper-case hex.</summary>
    public required string TokenHash { get; init; }

    /// <summary>Rotation family: every token descending from one sign-in shares it.</summary>
    public required string FamilyId { get; init; }

    /// <summary>The token this one replaced, if any.</summary>
    public long? ParentId { get; init; }

    /// <summary>Hash of the authorization code the family came from, if any.</summary>
    public string? AuthorizationCodeHash { get; init; }

    /// <summary>The token-service user; null only on tokens written before it existed (refused).</summary>
    public int? TokenServiceUserId { get; init; }

    /// <summary>The user's UPN at issue.</summary>
    public required string Upn { get; init; }

    /// <summary>The client the token was issued to.</summary>
    public required string ClientId { get; init; }

    /// <summary>Granted scopes, space-separated.</summary>
    public required string Scopes { get; init; }

    /// <summary>When the user authenticated.</summary>
    public DateTimeOffset AuthTime { get; init; }

    /// <summary>When this token was issued.</summary>
    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>Sliding expiry.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Hard end of the family.</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; init; }

    /// <summary>When it was redeemed (rotated), if it was.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why it was revoked, if recorded.</summary>
    public string? RevocationReason { get; init; }

    /// <summary>Entity id of the federation server that authenticated the user.</summary>
    public required string FederationIssuer { get; init; }

    /// <summary>The federation server's NameID value (for its single logout).</summary>
    public string? FederationNameId { get; init; }

    /// <summary>The format of <see cref="FederationNameId"/>.</summary>
    public string? FederationNameIdFormat { get; init; }

    /// <summary>The SessionIndex of the sign-in's assertion.</summary>
    public string? FederationSessionIndex { get; init; }

    /// <summary>The sign-in certificate's serial number (upper-case hex).</summary>
    public string? CertificateSerialNumber { get; init; }

    /// <summary>The sign-in certificate's issuer DN.</summary>
    public string? CertificateIssuer { get; init; }

    /// <summary>The sign-in certificate's Authority Key Identifier (upper-case hex), if any.</summary>
    public string? CertificateAuthorityKeyId { get; init; }
}
