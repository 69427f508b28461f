using CertAuth.Federation.Storage;

namespace CertAuth.Federation.Administration;

/// <summary>Settings of the managers that come from the role's configuration rather than from the request.</summary>
public sealed class AdministrationOptions
{
    /// <summary>Roles whose configuration allows SHA-1 (<c>Federation:AllowSha1</c>, <c>TokenService:AllowSha1</c>): only they accept a SHA-1-signed CA certificate.</summary>
    public HashSet<StoreRole> AllowSha1Roles { get; } = [];

    /// <summary>The themes folder (<c>Themes:Path</c>, resolved); null when this process has none (theme checks are skipped).</summary>
    public string? ThemesPath { get; set; }

    /// <summary><c>Themes:Active</c> from configuration (the active theme when no active.json overrides it).</summary>
    public string? ConfiguredActiveTheme { get; set; }

    /// <summary>Where the token service's configuration section lives; used only in advisory messages.</summary>
    public string FederationAuthoritiesSection { get; set; } = "Federation:TrustedCertificateAuthorities";
}
