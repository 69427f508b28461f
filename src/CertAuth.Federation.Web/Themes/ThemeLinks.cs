namespace CertAuth.Federation.Web.Themes;

/// <summary>Links on the pages; only absolute <c>https</c> (or <c>http</c>) URLs are used, others are ignored.</summary>
public sealed class ThemeLinks
{
    /// <summary>Where people learn how to get a user certificate (the link text is <c>page.get-certificate.link</c>).</summary>
    public string? GetCertificateUrl { get; set; }

    /// <summary>Microsoft Authenticator in the App Store (shown on iOS).</summary>
    public string? AuthenticatorAppStoreUrl { get; set; }

    /// <summary>An optional general help or self-service page.</summary>
    public string? HelpUrl { get; set; }
}
