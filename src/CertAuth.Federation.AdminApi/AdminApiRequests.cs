namespace CertAuth.Federation.AdminApi;

/// <summary>POST /admin/trusted-cas: the CA certificate (PEM text, or base64 DER) and its settings.</summary>
public sealed record TrustedCaAddBody(string? Certificate, string? Type, string? Crl, string? DeltaCrl, string? Issuer, string? IssuerSki, string? CrlGrace);

/// <summary>PATCH /admin/trusted-cas/{id}: null leaves a field, a <c>clear*</c> flag empties it.</summary>
public sealed record TrustedCaSetBody(
    string? Crl, bool ClearCrl, string? DeltaCrl, bool ClearDeltaCrl, string? Issuer, string? IssuerSki, string? CrlGrace, bool ClearCrlGrace);

/// <summary>POST /admin/trusted-cas/crl-refresh: one CA's id, or null for every CA.</summary>
public sealed record CrlRefreshBody(string? Id);

/// <summary>POST /admin/relying-parties and PATCH /admin/relying-parties?entityId=: the fields to set; <c>metadata</c> is an SP metadata document (XML).</summary>
public sealed record RelyingPartyBody
{
    public string? EntityId { get; init; }

    public string? Metadata { get; init; }

    public IReadOnlyList<string>? Acs { get; init; }

    public IReadOnlyList<string>? AddAcs { get; init; }

    public IReadOnlyList<string>? RemoveAcs { get; init; }

    public string? DisplayName { get; init; }

    public string? SigningCertificate { get; init; }

    public bool ClearSigningCertificate { get; init; }

    public bool? RequireSignedRequests { get; init; }

    public bool? SignResponse { get; init; }

    public string? NameIdFormat { get; init; }

    public IReadOnlyList<string>? Claims { get; init; }

    public bool ClearClaims { get; init; }

    public int? TokenLifetimeMinutes { get; init; }

    public string? Theme { get; init; }

    /// <summary>SAML 2.0 SingleLogoutService URL (single logout).</summary>
    public string? SingleLogoutServiceUrl { get; init; }

    /// <summary>Its binding: redirect (default) or post.</summary>
    public string? SingleLogoutServiceBinding { get; init; }

    /// <summary>Forget the SingleLogoutService.</summary>
    public bool ClearSingleLogoutService { get; init; }

    public bool ClearTheme { get; init; }

    public bool? Enabled { get; init; }
}

/// <summary>POST /admin/users.</summary>
public sealed record UserAddBody(string? Upn, string? Email, string? DisplayName, string? ImmutableId);

/// <summary>POST /admin/users/{upn}/revoke-sessions: optionally only one federation trust's users.</summary>
public sealed record RevokeSessionsBody(string? Trust);

/// <summary>POST /admin/clients (<c>postLogoutRedirectUris</c>: where <c>/oauth2/logout</c> may return the browser).</summary>
public sealed record OAuthClientAddBody(
    string? ClientId, IReadOnlyList<string>? RedirectUris, bool Confidential, string? DisplayName, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? GrantTypes,
    IReadOnlyList<string>? PostLogoutRedirectUris = null);

/// <summary>POST /admin/federation-trusts: IdP metadata (XML), or entity id, SSO URL and signing certificates (PEM or base64 DER).</summary>
public sealed record FederationTrustAddBody(
    string? EntityId, string? Metadata, string? SingleSignOnUrl, IReadOnlyList<string>? SigningCertificates, bool AllowUnsolicited, string? DisplayName, string? MetadataUrl = null);

/// <summary>PATCH /admin/federation-trusts?entityId=…: the metadata URL (empty or null stops refreshing).</summary>
public sealed record FederationTrustSetBody(string? MetadataUrl);

/// <summary>PUT /admin/themes/active.</summary>
public sealed record ThemeActiveBody(string? Name);

/// <summary>POST /admin/signing-certificates: a PKCS#12 (base64) with its password, and an optional promotion delay (<c>d.hh:mm:ss</c>).</summary>
public sealed record SigningCertificateAddBody(string? Pfx, string? Password, string? PromoteIn);

/// <summary>POST /admin/signing-certificates/rollover and /admin/signing-certificates/{thumbprint}/promote: an optional delay (<c>d.hh:mm:ss</c>).</summary>
public sealed record SigningCertificateTimingBody(string? PromoteIn);
