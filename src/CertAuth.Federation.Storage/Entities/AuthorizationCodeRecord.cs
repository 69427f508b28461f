namespace CertAuth.Federation.Storage.Entities;

/// <summary>A short-lived, single-use authorization code (RFC 6749 §4.1.2), stored hashed.</summary>
public sealed class AuthorizationCodeRecord
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the code, upper-case hex (unique).</summary>
    public required string CodeHash { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The redirect_uri of the authorization request; the token request must repeat it exactly.</summary>
    public required string RedirectUri { get; set; }

    /// <summary>PKCE code_challenge (S256), when the request carried one.</summary>
    public string? CodeChallenge { get; set; }

    public string? CodeChallengeMethod { get; set; }

    /// <summary>Granted scopes, space-separated.</summary>
    public required string Scopes { get; set; }

    public string? Nonce { get; set; }

    /// <summary>Legacy (the directory user id before issue 11); new records store <see cref="TokenServiceUserId"/> here too.</summary>
    public int UserId { get; set; }

    /// <summary>The token-service user; null only on codes written before it existed, which are refused.</summary>
    public int? TokenServiceUserId { get; set; }

    public required string Upn { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    public required string FederationIssuer { get; set; }

    /// <summary>The federation server's NameID value for the user in the sign-in's assertion (for its SAML 2.0 single logout).</summary>
    public string? FederationNameId { get; set; }

    /// <summary>The format of <see cref="FederationNameId"/>.</summary>
    public string? FederationNameIdFormat { get; set; }

    /// <summary>The SessionIndex of the assertion's AuthnStatement (for its SAML 2.0 single logout).</summary>
    public string? FederationSessionIndex { get; set; }

    public string? CertificateSerialNumber { get; set; }

    public string? CertificateIssuer { get; set; }

    /// <summary>The sign-in certificate's Authority Key Identifier (upper-case hex), when the assertion carried it.</summary>
    public string? CertificateAuthorityKeyId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RedeemedAt { get; set; }
}
