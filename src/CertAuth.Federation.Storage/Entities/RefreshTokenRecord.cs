namespace CertAuth.Federation.Storage.Entities;

/// <summary>
/// One refresh token. Only the SHA-256 hash of the opaque token is stored. Tokens rotate on every use: the redeemed
/// record is marked used and a child with the same <see cref="FamilyId"/> is created, copying the sign-in facts.
/// </summary>
public sealed class RefreshTokenRecord
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the token, upper-case hex (unique).</summary>
    public required string TokenHash { get; set; }

    /// <summary>Rotation family: every token descending from one sign-in shares it.</summary>
    public required string FamilyId { get; set; }

    /// <summary>The token this one replaced, if any.</summary>
    public long? ParentId { get; set; }

    /// <summary>Hash of the authorization code the family came from (to revoke it when the code is replayed).</summary>
    public string? AuthorizationCodeHash { get; set; }

    /// <summary>Legacy (the directory user id before issue 11); new records store <see cref="TokenServiceUserId"/> here too.</summary>
    public int UserId { get; set; }

    /// <summary>The token-service user (<see cref="TokenServiceUserRecord"/>); null only on records written before it existed, which are refused.</summary>
    public int? TokenServiceUserId { get; set; }

    public required string Upn { get; set; }

    public required string ClientId { get; set; }

    /// <summary>Granted scopes, space-separated.</summary>
    public required string Scopes { get; set; }

    /// <summary>When the user authenticated (the SAML AuthnInstant); copied into every rotation.</summary>
    public DateTimeOffset AuthTime { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Sliding expiry (inactivity): refreshed on rotation, never past <see cref="AbsoluteExpiresAt"/>.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Hard end of the family, fixed at sign-in.</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    /// <summary>Entity id of the federation server that authenticated the user.</summary>
    public required string FederationIssuer { get; set; }

    /// <summary>The federation server's NameID value for the user in the sign-in's assertion (for its SAML 2.0 single logout).</summary>
    public string? FederationNameId { get; set; }

    /// <summary>The format of <see cref="FederationNameId"/>.</summary>
    public string? FederationNameIdFormat { get; set; }

    /// <summary>The SessionIndex of the assertion's AuthnStatement (for its SAML 2.0 single logout).</summary>
    public string? FederationSessionIndex { get; set; }

    /// <summary>The sign-in certificate's serial number (upper-case hex) from the SAML <c>serialnumber</c> claim.</summary>
    public string? CertificateSerialNumber { get; set; }

    /// <summary>The sign-in certificate's issuer DN from the SAML <c>certificatecontext/field/issuer</c> claim.</summary>
    public string? CertificateIssuer { get; set; }

    /// <summary>
    /// The sign-in certificate's Authority Key Identifier (upper-case hex) from the SAML
    /// <c>certificatecontext/extension/authoritykeyidentifier</c> claim: picks the CA among several with the same name.
    /// </summary>
    public string? CertificateAuthorityKeyId { get; set; }
}
