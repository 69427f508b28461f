namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// A theme's <c>theme.json</c>: who the organisation is, its colours and images, and where people get help.
/// Texts shown to people live per locale in <c>texts/&lt;locale&gt;.json</c>; this file holds data, not prose.
/// </summary>
public sealed class ThemeManifest
{
    /// <summary>The theme's name; must equal its folder name.</summary>
    public string? Name { get; set; }

    /// <summary>The organisation's name, shown in the header and substituted for <c>{company}</c> in texts.</summary>
    public string? CompanyName { get; set; }

    /// <summary>Colours as <c>#rgb</c> or <c>#rrggbb</c>; written into the generated <c>colors.css</c>.</summary>
    public ThemeColors Colors { get; set; } = new();

    /// <summary>Logo, relative to the theme folder (under <c>images/</c>).</summary>
    public string? Logo { get; set; }

    /// <summary>Illustration beside the message, relative to the theme folder (under <c>images/</c>); optional.</summary>
    public string? Illustration { get; set; }

    /// <summary>Links people may follow.</summary>
    public ThemeLinks Links { get; set; } = new();

    /// <summary>How to reach the help desk.</summary>
    public ThemeHelpDesk HelpDesk { get; set; } = new();

    /// <summary>Load the theme's <c>theme.js</c> on its pages. Default false: pages need no script.</summary>
    public bool EnableScript { get; set; }
}
