namespace CertAuth.Federation.Storage.Entities;

/// <summary>A relying-party trust: who may receive tokens from the federation server, and how.</summary>
public sealed class RelyingPartyRecord
{
    public int Id { get; set; }

    /// <summary>The relying party's SAML entity id (the Issuer of its AuthnRequests, the Audience of our assertions).</summary>
    public required string EntityId { get; set; }

    public string? DisplayName { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Exact-match allow-list of assertion consumer service URLs; the first is the default.</summary>
    public List<string> AssertionConsumerServiceUrls { get; set; } = [];

    /// <summary>DER bytes of the certificate whose key signs this relying party's AuthnRequests, if any.</summary>
    public byte[]? RequestSigningCertificate { get; set; }

    /// <summary>When true, unsigned AuthnRequests from this relying party are refused.</summary>
    public bool RequireSignedRequests { get; set; }

    /// <summary>When true, the whole Response is signed in addition to the Assertion.</summary>
    public bool SignResponse { get; set; }

    /// <summary>NameID format issued to this relying party (a SAML 2.0 NameID format URI).</summary>
    public string NameIdFormat { get; set; } = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

    /// <summary>Claim types released to this relying party; empty releases the default set.</summary>
    public List<string> ReleasedClaims { get; set; } = [];

    /// <summary>Lifetime of issued assertions, in minutes.</summary>
    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>Optional theme for the pages shown while signing in to this relying party.</summary>
    public string? Theme { get; set; }

    /// <summary>Sign-in protocol: <see cref="FederationProtocols.Saml2"/> (default) or <see cref="FederationProtocols.WsFederation"/>; for WS-Federation the <see cref="AssertionConsumerServiceUrls"/> are the allowed <c>wreply</c> endpoints.</summary>
    public string Protocol { get; set; } = FederationProtocols.Saml2;

    /// <summary>Token type a WS-Federation relying party receives: <see cref="FederationProtocols.Saml11Token"/> (default) or <see cref="FederationProtocols.Saml2Token"/>.</summary>
    public string TokenType { get; set; } = FederationProtocols.Saml11Token;

    /// <summary>The relying party's SAML 2.0 SingleLogoutService URL (absolute https), if it takes part in single logout.</summary>
    public string? SingleLogoutServiceUrl { get; set; }

    /// <summary>The binding of <see cref="SingleLogoutServiceUrl"/>: the HTTP-Redirect or HTTP-POST binding URI.</summary>
    public string? SingleLogoutServiceBinding { get; set; }

    /// <summary>Where the record came from: configuration seed or an administrator.</summary>
    public RecordSource Source { get; set; } = RecordSource.Administrator;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
