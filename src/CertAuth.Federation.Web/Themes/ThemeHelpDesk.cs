namespace CertAuth.Federation.Web.Themes;

/// <summary>How to reach the help desk; each part is optional.</summary>
public sealed class ThemeHelpDesk
{
    /// <summary>E-mail address (shown and linked with <c>mailto:</c>).</summary>
    public string? Email { get; set; }

    /// <summary>Phone number as people dial it (shown and linked with <c>tel:</c>).</summary>
    public string? Phone { get; set; }

    /// <summary>Opening hours, free text (not translated; keep it short).</summary>
    public string? Hours { get; set; }
}
