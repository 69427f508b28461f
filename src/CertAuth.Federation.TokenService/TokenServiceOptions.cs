using CertAuth.Federation.Certificates.Revocation;

namespace CertAuth.Federation.TokenService;

/// <summary>The relying-party token service. Bound from the <c>TokenService</c> section of appsettings.json.</summary>
public sealed class TokenServiceOptions
{
    public const string SectionName = "TokenService";

    /// <summary>Whether the role runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Public base URL (its own TLS listener). Default <c>https://localhost:44301</c>.</summary>
    public Uri PublicUrl { get; set; } = new("https://localhost:44301");

    /// <summary>Our SAML entity id (the Audience the federation server addresses). Default <c>{PublicUrl}/</c>.</summary>
    public string? EntityId { get; set; }

    /// <summary>Assertion consumer service URL. Default <c>{PublicUrl}/saml2/acs</c>.</summary>
    public Uri? AcsUrl { get; set; }

    /// <summary>Set up Kestrel's listener on <see cref="PublicUrl"/>. Default true; false when the host configures Kestrel.</summary>
    public bool ConfigureKestrel { get; set; } = true;

    /// <summary>TLS server certificate (PFX). Dev: <c>certs-dev/localhost-tls.pfx</c>.</summary>
    public TokenServiceCertificateFile TlsCertificate { get; set; } = new();

    /// <summary>Certificate (PFX) whose key signs AuthnRequests. Not set: generated once and kept in <see cref="DataPath"/>.</summary>
    public TokenServiceCertificateFile RequestSigningCertificate { get; set; } = new();

    /// <summary>Whether AuthnRequests are signed (HTTP-Redirect binding, RSA-SHA256). Default true.</summary>
    public bool SignAuthnRequests { get; set; } = true;

    /// <summary>
    /// JWT signing key: a PFX (RSA), one fixed key. Not set (default): the keys live in the token service's database
    /// (<c>ts_signing_keys</c>, shared by every node, rotated by <c>certauth keys rotate</c>; see <see cref="SigningKeys"/>).
    /// </summary>
    public TokenServiceCertificateFile JwtSigningCertificate { get; set; } = new();

    /// <summary>Stored JWT signing keys: how often nodes re-read them (issue 13).</summary>
    public Hosting.SigningKeyOptions SigningKeys { get; set; } = new();

    /// <summary>Folder (relative to the content root) for generated keys. Default <c>data</c>; never commit it.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>
    /// The JWS algorithm of the stored signing key for access and id tokens: <c>RS256</c> (default, RSA 2048) or
    /// <c>ES256</c> (ECDSA P-256; a signature costs about a tenth of an RS256 one, docs/performance.md). At start-up a
    /// store without a key of this algorithm gets one that signs at once; the previous keys stay published for their
    /// retention (issue 16, second pass).
    /// </summary>
    public string SigningAlgorithm { get; set; } = "RS256";

    /// <summary>
    /// How long an OAuth client read from the store is reused (per client id) by the token and authorize endpoints. A
    /// change made through this service's own store (admin API) drops the cache at once; a change made by another
    /// process (the <c>certauth client</c> CLI, another farm node) — a disabled client, a rotated secret — is seen within
    /// this bound. Default 2 s; zero reads the store on every request. Unknown and disabled clients are never cached.
    /// See docs/security.md "Caches".
    /// </summary>
    public TimeSpan ClientCacheLifetime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Access-token (and id-token) lifetime. Default 1 hour.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Refresh-token inactivity lifetime, renewed on each rotation. Default 14 days.</summary>
    public TimeSpan RefreshTokenSlidingLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Refresh-token family hard limit from sign-in. Default 90 days.</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Authorization-code lifetime. Default 60 seconds.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a sign-in at the federation server may take (pending request and its cookie). Default 10 minutes.</summary>
    public TimeSpan PendingRequestLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tolerated clock difference with federation servers. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether error pages show the technical reason (for admins, e.g. in a test environment). Default false: people
    /// see what happened and what to do, the code and the correlation id; the reason is in the log.
    /// </summary>
    public bool ShowErrorDetails { get; set; }

    /// <summary>Whether SHA-1 signatures are accepted on SAML messages. Default false.</summary>
    public bool AllowSha1 { get; set; }

    /// <summary>How often the CRL refresh requests written by <c>certauth ca crl-refresh</c> are polled. Default 2 seconds.</summary>
    public TimeSpan CrlRefreshPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Per-client-IP throttling of the token and person-facing endpoints (HTTP 429, code CAT90055).</summary>
    public Hosting.TokenServiceRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>The admin HTTP API (off by default): its own HTTPS listener, client certificates from a separate admin CA.</summary>
    public AdminApi.AdminApiOptions Admin { get; set; } = new() { Url = new("https://localhost:44311") };

    /// <summary>The <c>Strict-Transport-Security</c> header on HTTPS responses.</summary>
    public Web.Hosting.StrictTransportSecurityOptions Hsts { get; set; } = new();

    /// <summary>CRL download and cache settings (download timeout 10 s, size 20 MB by default).</summary>
    public CrlOptions Crl { get; set; } = new();

    /// <summary>Federation servers seeded into the store at start-up (the store, managed with <c>certauth federation</c>, is the truth).</summary>
    public List<FederationServerConfiguration> FederationServers { get; set; } = [];

    /// <summary>OAuth clients seeded into the store at start-up (then managed with <c>certauth client</c>).</summary>
    public List<ClientConfiguration> Clients { get; set; } = [];

    /// <summary>The resolved entity id.</summary>
    public string ResolvedEntityId => EntityId ?? PublicUrl.AbsoluteUri;

    /// <summary>The resolved ACS URL.</summary>
    public string ResolvedAcsUrl => (AcsUrl ?? new Uri(PublicUrl, "/saml2/acs")).AbsoluteUri;

    /// <summary>The WS-Federation reply endpoint (<c>wreply</c>; the Recipient of a SAML 2.0 token posted there): <c>{PublicUrl}/wsfed</c>.</summary>
    public string ResolvedWsFederationReplyUrl => new Uri(PublicUrl, "/wsfed").AbsoluteUri;

    /// <summary>
    /// Where the federation server returns the browser after RP-initiated logout (<c>wreply</c> of <c>wsignout1.0</c>):
    /// <c>{PublicUrl}/oauth2/logout/callback</c>. Register it as an endpoint of the token service's trust there.
    /// </summary>
    public string ResolvedLogoutCallbackUrl => new Uri(PublicUrl, "/oauth2/logout/callback").AbsoluteUri;

    /// <summary>The OpenID Connect issuer (<see cref="PublicUrl"/> without the trailing slash).</summary>
    public string Issuer => PublicUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>The token endpoint, also the Recipient required in RFC 7522 assertions.</summary>
    public string TokenEndpoint => new Uri(PublicUrl, "/oauth2/token").AbsoluteUri;
}
