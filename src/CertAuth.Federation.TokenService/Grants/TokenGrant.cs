using CertAuth.Federation.TokenService.Domain;

namespace CertAuth.Federation.TokenService.Grants;

/// <summary>Everything tokens are minted from: who, for which client and scopes, and the facts of the sign-in.</summary>
internal sealed record TokenGrant
{
    public required string GrantType { get; init; }

    /// <summary>The token-service user (never a directory user).</summary>
    public required TokenServiceUser User { get; init; }

    public required string ClientId { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public string? Nonce { get; init; }

    public required DateTimeOffset AuthTime { get; init; }

    public required string FederationIssuer { get; init; }

    /// <summary>NameID (value, format) and SessionIndex of the sign-in's assertion, kept for SAML 2.0 logout at the federation server.</summary>
    public string? FederationNameId { get; init; }

    public string? FederationNameIdFormat { get; init; }

    public string? FederationSessionIndex { get; init; }

    public string? CertificateSerialNumber { get; init; }

    public string? CertificateIssuer { get; init; }

    public string? CertificateAuthorityKeyId { get; init; }

    /// <summary>Hash of the authorization code the tokens come from, if any.</summary>
    public string? AuthorizationCodeHash { get; init; }
}
