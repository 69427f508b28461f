using CertAuth.Federation.Server.Explain;

namespace CertAuth.Federation.Server.Pages;

/// <summary>One row of the CRL status page: one CRL (base or delta) of one trusted CA, as the store last saw it.</summary>
/// <param name="CaId">The trusted CA's id.</param>
/// <param name="Kind">base or delta.</param>
/// <param name="Url">The distribution point (null: none configured).</param>
/// <param name="CrlNumber">The highest CRL number accepted (decimal), null before the first download.</param>
/// <param name="ThisUpdate">The CRL's thisUpdate.</param>
/// <param name="NextUpdate">The CRL's nextUpdate.</param>
/// <param name="AgeSeconds">Now − thisUpdate by the server's <see cref="TimeProvider"/>, in whole seconds.</param>
/// <param name="Entries">Entries on the CRL.</param>
/// <param name="LastFetch">When the last download finished.</param>
/// <param name="LastError">The last download's error (null: it succeeded).</param>
/// <param name="NextRefresh">When the cache refreshes the CRL in the background (see <see cref="AdminPagesController"/>).</param>
public sealed record CrlStatusRow(
    string CaId,
    string Kind,
    string? Url,
    string? CrlNumber,
    DateTimeOffset? ThisUpdate,
    DateTimeOffset? NextUpdate,
    long? AgeSeconds,
    int? Entries,
    DateTimeOffset? LastFetch,
    string? LastError,
    DateTimeOffset? NextRefresh)
{
    /// <summary>ok, failed, or never (no download recorded yet).</summary>
    public string LastResult => LastFetch is null && CrlNumber is null ? "never" : LastError is null ? "ok" : "failed";
}

/// <summary>The model of the admin page <c>/adfs/portal/preview/crl-status</c>: the CRL table and the explain form.</summary>
public sealed record CrlStatusPageModel
{
    /// <summary>When the page was made, by the server's clock.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>One row per CA and kind.</summary>
    public required IReadOnlyList<CrlStatusRow> Rows { get; init; }

    /// <summary>A notice after a "refresh now" (PRG), or null.</summary>
    public string? Notice { get; init; }

    /// <summary>Why the CRL status could not be read or a request was refused (code and message), or null.</summary>
    public string? Error { get; init; }

    /// <summary>The PEM last submitted to the explain form (echoed back on a refusal so it can be corrected).</summary>
    public string? ExplainPem { get; init; }

    /// <summary>The relying party last submitted to the explain form.</summary>
    public string? ExplainRelyingParty { get; init; }

    /// <summary>Why the explain form was refused (too large, private key, not a certificate), or null.</summary>
    public string? ExplainError { get; init; }

    /// <summary>The explanation, after a successful explain POST.</summary>
    public CertificateExplanation? Explanation { get; init; }

    /// <summary>"1d2h", "3h4m", "5m6s" (negative with a leading minus).</summary>
    public static string FormatAge(long seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Abs(seconds));
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h" : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes}m" : $"{(int)span.TotalMinutes}m{span.Seconds}s";
        return seconds < 0 ? "-" + text : text;
    }

    /// <summary>An instant as <c>yyyy-MM-dd HH:mm:ssZ</c>, or "-".</summary>
    public static string Instant(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
