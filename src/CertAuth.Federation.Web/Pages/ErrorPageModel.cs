using CertAuth.Federation.Web.Browser;

namespace CertAuth.Federation.Web.Pages;

/// <summary>
/// What an error page shows: what happened and what to do (in the page's locale), browser-specific guidance, the
/// accepted certificate authorities, how to get a certificate, the help desk, and the references the help desk
/// needs. Every string is plain text; the views encode it. Each role fills it from its own error codes.
/// </summary>
public sealed record ErrorPageModel
{
    /// <summary>The stable code shown to people, e.g. <c>CAF1005</c> or <c>CAT50006</c>.</summary>
    public required string Code { get; init; }

    /// <summary>
    /// The prefix of this page's texts (<c>{TextKey}.title</c>, <c>.happened</c>, <c>.todo</c>): usually the code; a
    /// role may fall back to a shared key when a theme has no text for a code.
    /// </summary>
    public string? TextKey { get; init; }

    public required int HttpStatus { get; init; }

    public required string CorrelationId { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The technical reason, only when the role's <c>ShowErrorDetails</c> is true.</summary>
    public string? Detail { get; init; }

    public required PageTexts Texts { get; init; }

    public required BrowserInfo Browser { get; init; }

    /// <summary>Simple names of the trusted certificate authorities (issuers whose certificates are accepted).</summary>
    public required IReadOnlyList<string> AcceptedIssuers { get; init; }

    /// <summary>The failure concerns the certificate: the page opens the certificate section and shows browser guidance.</summary>
    public required bool IsCertificateProblem { get; init; }

    /// <summary>Where people learn how to get a certificate (absolute http(s) URL), or null.</summary>
    public string? GetCertificateUrl { get; init; }

    public string? AuthenticatorAppStoreUrl { get; init; }

    public string? HelpUrl { get; init; }

    public string? HelpDeskEmail { get; init; }

    public string? HelpDeskPhone { get; init; }

    public string? HelpDeskHours { get; init; }

    /// <summary>The theme's illustration URL, or null.</summary>
    public string? IllustrationUrl { get; init; }

    /// <summary>The page is a preview rendered for an admin.</summary>
    public bool IsPreview { get; init; }

    public string Title => Texts[(TextKey ?? Code) + ".title"];

    public string WhatHappened => Texts[(TextKey ?? Code) + ".happened"];

    public string WhatToDo => Texts[(TextKey ?? Code) + ".todo"];

    /// <summary>The timestamp as shown and copied (UTC, ISO 8601, seconds).</summary>
    public string TimestampText => Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
