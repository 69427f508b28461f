using System.Security.Cryptography.X509Certificates;

namespace CertAuth.Federation.SampleApp;

/// <summary>
/// Settings of the sample app (section <c>SampleApp</c> of <c>sampleapp.json</c>, environment variables
/// <c>SampleApp__*</c> or <c>--SampleApp:*</c> arguments). Relative paths resolve against the repository root (the first
/// folder upwards from the working directory that has <c>certs-dev/</c>).
/// </summary>
public sealed class SampleAppOptions
{
    /// <summary>Loopback port of the app's own TLS listener (default 44302; 0 picks a free port).</summary>
    public int ListenPort { get; set; } = 44302;

    /// <summary>The token service (default <c>https://localhost:44301</c>).</summary>
    public Uri TokenServiceUrl { get; set; } = new("https://localhost:44301");

    /// <summary>The public client the app signs in as (registered in the token service's <c>TokenService:Clients</c>).</summary>
    public string ClientId { get; set; } = "sample-app";

    /// <summary>The redirect URI registered for <see cref="ClientId"/>.</summary>
    public Uri RedirectUri { get; set; } = new("https://localhost:44302/signin-callback");

    /// <summary>Scopes asked for; <c>offline_access</c> brings the refresh token.</summary>
    public string Scope { get; set; } = "openid profile email offline_access";

    /// <summary>PFX of the app's TLS certificate (default: the development <c>certs-dev/localhost-tls.pfx</c>).</summary>
    public string TlsCertificatePath { get; set; } = "certs-dev/localhost-tls.pfx";

    /// <summary>Password of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>The root CA the token service's TLS certificate chains to (the back channel trusts only it).</summary>
    public string TrustedRootPath { get; set; } = "certs-dev/root-ca.cer";

    /// <summary>Set in code (tests) instead of <see cref="TlsCertificatePath"/>.</summary>
    public X509Certificate2? TlsCertificate { get; set; }

    /// <summary>Set in code (tests) instead of <see cref="TrustedRootPath"/>.</summary>
    public X509Certificate2? TrustedRoot { get; set; }
}
