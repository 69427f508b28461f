using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CertAuth.Federation.Web.Hosting;

/// <summary>
/// The <c>Strict-Transport-Security</c> header on every HTTPS response of a role (<c>Federation:Hsts</c>,
/// <c>TokenService:Hsts</c>). Never sent over plain HTTP (RFC 6797 §7.2).
/// </summary>
public sealed class StrictTransportSecurityOptions
{
    /// <summary><c>max-age</c>. Default 365 days; <c>00:00:00</c> turns the header off.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Add <c>includeSubDomains</c>. Default false (the parent domain's other hosts are not ours to pin).</summary>
    public bool IncludeSubDomains { get; set; }

    /// <summary>
    /// Leave the header off for <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c>, so a development run does not pin
    /// the browser's localhost to HTTPS for every other local app. Default true; it has no effect on real host names.
    /// </summary>
    public bool ExcludeLoopbackHosts { get; set; } = true;

    /// <summary>Whether the header is sent at all (<see cref="MaxAge"/> above zero).</summary>
    public bool Enabled => MaxAge > TimeSpan.Zero;

    /// <summary>Registers ASP.NET Core's HSTS middleware options from these settings.</summary>
    public void AddTo(IServiceCollection services) => services.AddHsts(hsts =>
    {
        hsts.MaxAge = MaxAge;
        hsts.IncludeSubDomains = IncludeSubDomains;
        if (!ExcludeLoopbackHosts)
        {
            hsts.ExcludedHosts.Clear();
        }
    });
}
