namespace CertAuth.Federation.TokenService.Domain;

/// <summary>
/// A federation server (SAML / WS-Federation identity provider) whose sign-ins the token service accepts, as its
/// handlers see it: immutable, mapped from the store's trust row at the store boundary (<see cref="StoreRepositories"/>).
/// </summary>
public sealed record FederationTrust
{
    /// <summary>The protocol value of a SAML 2.0 trust (AuthnRequest, LogoutRequest; the default).</summary>
    public const string Saml2 = "Saml2";

    /// <summary>The protocol value of a WS-Federation trust (wsignin1.0 / wsignout1.0, answered at <c>/wsfed</c>).</summary>
    public const string WsFederation = "WsFederation";

    /// <summary>The federation server's entity id (the Issuer of its assertions).</summary>
    public required string EntityId { get; init; }

    /// <summary>Display name, if any.</summary>
    public string? DisplayName { get; init; }

    /// <summary>A disabled trust is treated as unknown.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><see cref="Saml2"/> or <see cref="WsFederation"/>; how the browser is sent to the federation server.</summary>
    public string Protocol { get; init; } = Saml2;

    /// <summary>Where sign-in (and single-logout) messages are sent.</summary>
    public required string SingleSignOnUrl { get; init; }

    /// <summary>The trusted signing certificates, base64 DER; several at once during key rollover.</summary>
    public IReadOnlyList<string> SigningCertificates { get; init; } = [];

    /// <summary>Accept IdP-initiated (unsolicited) responses whose RelayState names a client.</summary>
    public bool AllowUnsolicited { get; init; }

    /// <summary>The metadata URL the signing certificates are refreshed from, if any.</summary>
    public string? MetadataUrl { get; init; }

    /// <summary>When a metadata document was last accepted, if ever.</summary>
    public DateTimeOffset? MetadataRefreshedAt { get; init; }

    /// <summary>True for a WS-Federation trust.</summary>
    public bool IsWsFederation => Protocol == WsFederation;

    /// <summary>True for a SAML 2.0 trust.</summary>
    public bool IsSaml2 => Protocol == Saml2;
}
