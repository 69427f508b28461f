namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// Where themes live and which one is active. Bound from the <c>Themes</c> section of appsettings.json; validated at
/// start-up. At run time <c>{Path}/active.json</c> (written by <c>certauth theme set-active</c>) overrides
/// <see cref="Active"/> and is watched, so switching themes needs no restart.
/// </summary>
public sealed class ThemeOptions
{
    public const string SectionName = "Themes";

    /// <summary>Name of the file in the themes folder that names the active theme at run time.</summary>
    public const string ActiveFileName = "active.json";

    /// <summary>The themes folder, relative to the content root or absolute. Default <c>themes</c>.</summary>
    public string Path { get; set; } = "themes";

    /// <summary>The theme used when <c>active.json</c> is absent (and for pages without a relying-party theme). Default <c>default</c>.</summary>
    public string Active { get; set; } = ThemeNames.Default;

    /// <summary>
    /// How long a node may use the active theme's name it read from a shared source (the federation server's store) before
    /// reading it again: the bound on how long a switch takes to reach every node. Default 5 s; 0 reads it on every page.
    /// </summary>
    public TimeSpan ActiveCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Locale used when the browser asks for none the theme has. Default <c>en</c>.</summary>
    public string DefaultLocale { get; set; } = "en";

    /// <summary>
    /// Watch theme files by polling instead of file-system events (network shares, some containers). Default false.
    /// </summary>
    public bool UsePolling { get; set; }
}
