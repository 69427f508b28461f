using CertAuth.Federation.Administration.TrustedAuthorities;

namespace CertAuth.Federation.Server;

/// <summary>
/// The federation server (AD FS role). Bound from the <c>Federation</c> section of appsettings.json;
/// validated at start-up with messages that name the configuration key.
/// </summary>
public sealed class FederationServerOptions
{
    public const string SectionName = "Federation";

    /// <summary>Run this role. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Public base URL of the federation service (SAML endpoint, metadata). Default <c>https://localhost:44300</c>.</summary>
    public Uri PublicUrl { get; set; } = new("https://localhost:44300");

    /// <summary>
    /// Base URL of the certificate sign-in listener, which asks the browser for a client certificate.
    /// Default <c>https://localhost:49443</c> (the port AD FS uses).
    /// </summary>
    public Uri CertificateSignInUrl { get; set; } = new("https://localhost:49443");

    /// <summary>Our SAML entity id (Issuer of every token). Default <c>{PublicUrl}/adfs/services/trust</c>.</summary>
    public string? EntityId { get; set; }

    /// <summary>Name shown on pages and in metadata.</summary>
    public string DisplayName { get; set; } = "CertAuth Federation Service";

    /// <summary>TLS server certificate for both listeners (PFX).</summary>
    public CertificateFileOptions TlsCertificate { get; set; } = new();

    /// <summary>Token-signing certificate with private key (PFX). Its public part is published in metadata.</summary>
    public CertificateFileOptions SigningCertificate { get; set; } = new();

    /// <summary>Allowed clock difference with relying parties for NotBefore. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a pending sign-in (between the SAML request and the certificate) stays valid. Default 10 minutes.</summary>
    public TimeSpan SignInContextLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the federation sign-in session (the sealed cookie listing the relying parties signed in, for single
    /// logout) lasts after the last token issued. Default 8 hours.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Most relying parties the sign-in session lists; the oldest is dropped first. Default 8.</summary>
    public int MaxSessionParties { get; set; } = 8;

    /// <summary>Longest RelayState accepted, in bytes. Default 1024.</summary>
    public int MaxRelayStateBytes { get; set; } = 1024;

    /// <summary>
    /// Deepest element nesting accepted in an incoming SAML message (root = level 1), enforced while parsing.
    /// Default 64; a deeper message is refused with CAF1202 before any tree walk.
    /// </summary>
    public int MaxXmlElementDepth { get; set; } = 64;

    /// <summary>Accept SHA-1 signatures on AuthnRequests. Default false; enable only for a legacy relying party.</summary>
    public bool AllowSha1 { get; set; }

    /// <summary>How often the store is polled for CRL refresh requests (<c>certauth ca crl-refresh</c>). Default 2 seconds.</summary>
    public TimeSpan CrlRefreshPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a directory user read at sign-in is reused (per UPN / e-mail). A change made through this server's own
    /// store (admin API, admin pages) drops the cache at once; a change made by another process (the CLI, another farm
    /// node) is seen within this bound. Default 2 s; zero turns the cache off. See docs/security.md "Caches".
    /// </summary>
    public TimeSpan DirectoryUserCacheLifetime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a relying-party trust read from the store is reused (per entity id). A change made through this server's
    /// own store (admin API) drops the cache at once; a change made by another process (the <c>certauth rp</c> CLI,
    /// another farm node) is seen within this bound. Default 2 s; zero reads the store on every request. Unknown and
    /// disabled entity ids are never cached. See docs/security.md "Caches".
    /// </summary>
    public TimeSpan RelyingPartyCacheLifetime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Show technical details (chain, reason) on error pages. Default false.</summary>
    public bool ShowErrorDetails { get; set; }

    /// <summary>
    /// Serve <c>/adfs/portal/preview</c> (renders any error page for a chosen code, theme, locale and browser) outside
    /// the Development environment. Default false; the route answers 404 unless this or Development is on.
    /// </summary>
    public bool EnablePreview { get; set; }

    /// <summary>Configure Kestrel listeners from the URLs above. Default true; tests and reverse-proxy set-ups may turn it off.</summary>
    public bool ConfigureKestrel { get; set; } = true;

    /// <summary>Certificate-to-user mapping.</summary>
    public UserMappingOptions UserMapping { get; set; } = new();

    /// <summary>Per-client-IP throttling of the sign-in and admin surfaces (HTTP 429, code CAF1301).</summary>
    public Hosting.FederationRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>RFC 9440 client certificates from TLS-terminating proxies; off unless proxies are listed.</summary>
    public Hosting.ForwardedClientCertificateOptions ForwardedClientCertificate { get; set; } = new();

    /// <summary>The <c>Strict-Transport-Security</c> header on HTTPS responses.</summary>
    public Web.Hosting.StrictTransportSecurityOptions Hsts { get; set; } = new();

    /// <summary>The admin HTTP API (off by default): its own HTTPS listener, client certificates from a separate admin CA.</summary>
    public AdminApi.AdminApiOptions Admin { get; set; } = new() { Url = new("https://localhost:44310") };

    /// <summary>Seeded into the store on start when missing (the store is the truth afterwards).</summary>
    public List<TrustedAuthorityConfiguration> TrustedCertificateAuthorities { get; set; } = [];

    /// <summary>Seeded into the store on start when missing.</summary>
    public List<RelyingPartyConfiguration> RelyingParties { get; set; } = [];

    /// <summary>Seeded into the store on start when missing.</summary>
    public List<UserConfiguration> Users { get; set; } = [];

    /// <summary>The entity id in effect.</summary>
    public string ResolvedEntityId => EntityId ?? new Uri(PublicUrl, "/adfs/services/trust").AbsoluteUri;

    /// <summary>The SAML single sign-on endpoint (both bindings).</summary>
    public Uri SingleSignOnUrl => new(PublicUrl, "/adfs/ls/");
}

/// <summary>A certificate file (PFX with password, or DER/PEM public certificate).</summary>
public sealed class CertificateFileOptions
{
    /// <summary>Path, relative to the content root or absolute.</summary>
    public string? Path { get; set; }

    /// <summary>PFX password, if any.</summary>
    public string? Password { get; set; }
}

/// <summary>Order in which certificate fields are tried to find the user.</summary>
public sealed class UserMappingOptions
{
    /// <summary>Default: SAN UPN, then SAN RFC822 e-mail.</summary>
    public List<string> Order { get; set; } = [];
}

/// <summary>A relying-party trust as written in appsettings.json.</summary>
public sealed class RelyingPartyConfiguration
{
    public string? EntityId { get; set; }

    public string? DisplayName { get; set; }

    public List<string> AssertionConsumerServiceUrls { get; set; } = [];

    /// <summary>Path of the certificate that signs this relying party's requests.</summary>
    public string? RequestSigningCertificate { get; set; }

    public bool RequireSignedRequests { get; set; }

    public bool SignResponse { get; set; }

    public string? NameIdFormat { get; set; }

    public List<string> ReleasedClaims { get; set; } = [];

    public int TokenLifetimeMinutes { get; set; } = 60;

    public string? Theme { get; set; }

    /// <summary>Sign-in protocol: <c>Saml2</c> (default) or <c>WsFederation</c>.</summary>
    public string? Protocol { get; set; }

    /// <summary>Token type for WS-Federation: <c>Saml11</c> (default) or <c>Saml2</c>.</summary>
    public string? TokenType { get; set; }

    /// <summary>WS-Federation <c>wreply</c> endpoints (exact match); added to the trust's endpoint allow-list after <see cref="AssertionConsumerServiceUrls"/>.</summary>
    public List<string> WsFedReplyUrls { get; set; } = [];

    /// <summary>SAML 2.0 SingleLogoutService URL (absolute https) for single logout.</summary>
    public string? SingleLogoutServiceUrl { get; set; }

    /// <summary>Its binding: <c>Redirect</c> (default) or <c>Post</c>.</summary>
    public string? SingleLogoutServiceBinding { get; set; }
}

/// <summary>A directory user as written in appsettings.json.</summary>
public sealed class UserConfiguration
{
    public string? Upn { get; set; }

    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    public string? ImmutableId { get; set; }

    public bool Enabled { get; set; } = true;
}
