using System.Globalization;
using CertAuth.Federation.Web.Themes;

namespace CertAuth.Federation.Web.Pages;

/// <summary>
/// Picks the page locale from an <c>Accept-Language</c> header (RFC 9110 §12.5.4): highest q-value first, exact tag,
/// then its language (<c>de-CH</c> → <c>de</c>); q=0 excludes; nothing matching gives the fallback.
/// </summary>
public sealed class LocaleNegotiator
{
    /// <summary>Longest header examined and most entries considered (the header is attacker-controlled).</summary>
    internal const int MaxHeaderLength = 512;

    internal const int MaxEntries = 16;

    /// <summary>The best of <paramref name="available"/> for <paramref name="acceptLanguage"/>, else <paramref name="fallback"/>.</summary>
    public string Negotiate(string? acceptLanguage, IReadOnlyCollection<string> available, string fallback)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage) || available.Count == 0)
        {
            return fallback;
        }

        var header = acceptLanguage.Length > MaxHeaderLength ? acceptLanguage[..MaxHeaderLength] : acceptLanguage;
        var ranges = new List<(string Tag, double Quality, int Order)>();
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var quality = 1.0;
            foreach (var parameter in pieces.Skip(1))
            {
                if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && !double.TryParse(parameter.AsSpan(2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quality))
                {
                    quality = 0;
                }
            }

            if (quality > 0 && (pieces[0] == "*" || LocaleNames.IsValid(pieces[0])))
            {
                ranges.Add((pieces[0], Math.Min(quality, 1.0), ranges.Count));
            }
        }

        foreach (var (tag, _, _) in ranges.OrderByDescending(r => r.Quality).ThenBy(r => r.Order))
        {
            if (tag == "*")
            {
                return fallback;
            }

            var exact = available.FirstOrDefault(a => string.Equals(a, tag, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
            {
                return exact;
            }

            var language = LocaleNames.Language(tag);
            var byLanguage = available.FirstOrDefault(a => string.Equals(a, language, StringComparison.OrdinalIgnoreCase))
                ?? available.FirstOrDefault(a => string.Equals(LocaleNames.Language(a), language, StringComparison.OrdinalIgnoreCase));
            if (byLanguage is not null)
            {
                return byLanguage;
            }
        }

        return fallback;
    }
}
