namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>The <c>Strict-Transport-Security</c> header on every HTTPS response (<c>TokenService:Hsts</c>); never over HTTP.</summary>
public sealed class TokenServiceHstsOptions
{
    /// <summary><c>max-age</c>. Default 365 days; <c>00:00:00</c> turns the header off.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Add <c>includeSubDomains</c>. Default false.</summary>
    public bool IncludeSubDomains { get; set; }

    /// <summary>Leave the header off for <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> (development). Default true.</summary>
    public bool ExcludeLoopbackHosts { get; set; } = true;
}
