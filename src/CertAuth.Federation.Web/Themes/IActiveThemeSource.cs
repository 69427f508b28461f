namespace CertAuth.Federation.Web.Themes;

/// <summary>
/// A shared choice of the active theme that replaces <c>active.json</c> (the federation server registers one over its
/// store, so a switch holds on every node; issue 13). Without one, <see cref="ThemeCatalog"/> reads <c>active.json</c>.
/// </summary>
public interface IActiveThemeSource
{
    /// <summary>The active theme's name, or null when none is chosen (<see cref="ThemeOptions.Active"/> applies).</summary>
    string? ActiveName { get; }
}
