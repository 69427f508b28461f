namespace CertAuth.Federation.Web.Pages;

/// <summary>What a role knows about a failure it shows to a person; the page builder adds theme, locale and browser.</summary>
public sealed record ErrorPageRequest
{
    /// <summary>The stable code shown to people and written to logs, e.g. <c>CAF1005</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The text key used when the theme and the built-in texts have none for <see cref="Code"/>.</summary>
    public string? FallbackTextKey { get; init; }

    public required int HttpStatus { get; init; }

    /// <summary>The failure concerns the certificate (certificate section open, browser guidance shown).</summary>
    public required bool IsCertificateProblem { get; init; }

    /// <summary>The technical reason for admins; pass it only when the role's configuration enables details.</summary>
    public string? Detail { get; init; }

    public required string CorrelationId { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The page is an admin preview (rendered with status 200 and a banner).</summary>
    public bool IsPreview { get; init; }
}
