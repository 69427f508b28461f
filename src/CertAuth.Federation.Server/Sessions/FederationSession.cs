using System.Text.Json.Serialization;

namespace CertAuth.Federation.Server.Sessions;

/// <summary>
/// The federation sign-in session kept in the sealed <see cref="FederationSessionCookie"/>: the signed-in user and, per
/// relying party that received a token, what single logout needs to name the session there (SAML 2.0 Profiles §4.4:
/// the NameID and the AuthnStatement SessionIndex). Short JSON names keep the cookie small.
/// </summary>
public sealed record FederationSession
{
    /// <summary>The user's UPN.</summary>
    [JsonPropertyName("u")]
    public required string User { get; init; }

    /// <summary>One entry per relying party, oldest first.</summary>
    [JsonPropertyName("p")]
    public IReadOnlyList<FederationSessionParty> Parties { get; init; } = [];

    /// <summary>When the session ends (renewed by every token issued).</summary>
    [JsonPropertyName("x")]
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>A relying party that received a token in the session.</summary>
public sealed record FederationSessionParty
{
    /// <summary>The trust's entity id (the SAML audience / WS-Federation realm).</summary>
    [JsonPropertyName("e")]
    public required string EntityId { get; init; }

    /// <summary><see cref="RelyingParties.RelyingPartyTrust.Saml2"/> or <see cref="RelyingParties.RelyingPartyTrust.WsFederation"/>.</summary>
    [JsonPropertyName("r")]
    public required string Protocol { get; init; }

    /// <summary>The NameID value issued to this party.</summary>
    [JsonPropertyName("n")]
    public required string NameId { get; init; }

    /// <summary>The NameID format issued.</summary>
    [JsonPropertyName("f")]
    public string? NameIdFormat { get; init; }

    /// <summary>The NameID's NameQualifier (persistent identifiers), when issued.</summary>
    [JsonPropertyName("q")]
    public string? NameQualifier { get; init; }

    /// <summary>The NameID's SPNameQualifier (persistent identifiers), when issued.</summary>
    [JsonPropertyName("s")]
    public string? SpNameQualifier { get; init; }

    /// <summary>The SAML 2.0 AuthnStatement SessionIndex of the token (null for a SAML 1.1 token).</summary>
    [JsonPropertyName("i")]
    public string? SessionIndex { get; init; }

    /// <summary>When the token was issued.</summary>
    [JsonPropertyName("t")]
    public DateTimeOffset IssuedAt { get; init; }
}
