using Microsoft.Extensions.Configuration;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// The CAs the token service's own trusted-CA list (its refresh-time revocation check; the list Azure AD keeps with
/// <c>New-AzureADTrustedCertificateAuthority</c>) is seeded with: <c>TokenService:TrustedCertificateAuthorities</c> when
/// that section has entries, else the federation server's <c>Federation:TrustedCertificateAuthorities</c>, so one section
/// fills both lists by default. Seeding adds, never overwrites; <c>certauth ca … --role tokenservice</c> manages the list.
/// </summary>
public sealed record TrustedAuthoritySeed(IReadOnlyList<TrustedAuthoritySeedEntry> Entries, string SectionPath)
{
    /// <summary>Reads the seed from <paramref name="configuration"/>.</summary>
    public static TrustedAuthoritySeed From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var path in new[] { "TokenService:TrustedCertificateAuthorities", "Federation:TrustedCertificateAuthorities" })
        {
            var entries = configuration.GetSection(path).Get<List<TrustedAuthoritySeedEntry>>() ?? [];
            if (entries.Count > 0)
            {
                return new TrustedAuthoritySeed(entries, path);
            }
        }

        return new TrustedAuthoritySeed([], "TokenService:TrustedCertificateAuthorities");
    }
}

/// <summary>A trusted CA as written in appsettings.json (the same shape in both roles' sections).</summary>
public sealed class TrustedAuthoritySeedEntry
{
    /// <summary>Path of the CA certificate (.cer, DER or PEM).</summary>
    public string? Certificate { get; set; }

    /// <summary><c>RootAuthority</c> or <c>IntermediateAuthority</c>.</summary>
    public string AuthorityType { get; set; } = "RootAuthority";

    public string? CrlDistributionPoint { get; set; }

    public string? DeltaCrlDistributionPoint { get; set; }

    public string? TrustedIssuer { get; set; }

    public string? TrustedIssuerSki { get; set; }

    /// <summary>How long past nextUpdate the last good CRL may be used when none can be fetched; unset = fail closed.</summary>
    public TimeSpan? CrlGracePeriod { get; set; }
}
