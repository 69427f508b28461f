namespace CertAuth.Federation.Web.Themes;

/// <summary>Theme colours (<c>#rgb</c> or <c>#rrggbb</c>); unset or invalid values keep the stylesheet's defaults.</summary>
public sealed class ThemeColors
{
    /// <summary>Buttons, links and the header bar.</summary>
    public string? Accent { get; set; }

    /// <summary>Text on the accent colour.</summary>
    public string? AccentText { get; set; }

    /// <summary>Page background.</summary>
    public string? Background { get; set; }

    /// <summary>The card the message sits on.</summary>
    public string? Surface { get; set; }

    /// <summary>Body text.</summary>
    public string? Text { get; set; }

    /// <summary>Secondary text (labels, hints).</summary>
    public string? MutedText { get; set; }
}
