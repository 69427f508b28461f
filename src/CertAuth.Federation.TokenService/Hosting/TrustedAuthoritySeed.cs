using CertAuth.Federation.Administration.TrustedAuthorities;
using Microsoft.Extensions.Configuration;

namespace CertAuth.Federation.TokenService.Hosting;

/// <summary>
/// The CAs the token service's own trusted-CA list (its refresh-time revocation check; the list Azure AD keeps with
/// <c>New-AzureADTrustedCertificateAuthority</c>) is seeded with: <c>TokenService:TrustedCertificateAuthorities</c> when
/// that section has entries, else the federation server's <c>Federation:TrustedCertificateAuthorities</c>, so one section
/// fills both lists by default. Seeding adds, never overwrites; <c>certauth ca … --role tokenservice</c> manages the list.
/// </summary>
public sealed record TrustedAuthoritySeed(IReadOnlyList<TrustedAuthorityConfiguration> Entries, string SectionPath)
{
    /// <summary>Reads the seed from <paramref name="configuration"/>.</summary>
    public static TrustedAuthoritySeed From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var path in new[] { "TokenService:TrustedCertificateAuthorities", "Federation:TrustedCertificateAuthorities" })
        {
            var entries = configuration.GetSection(path).Get<List<TrustedAuthorityConfiguration>>() ?? [];
            if (entries.Count > 0)
            {
                return new TrustedAuthoritySeed(entries, path);
            }
        }

        return new TrustedAuthoritySeed([], "TokenService:TrustedCertificateAuthorities");
    }
}
