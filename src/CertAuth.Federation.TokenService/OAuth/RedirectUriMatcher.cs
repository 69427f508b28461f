using System.Net;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// redirect_uri comparison: exact, character for character (RFC 9700 §4.1.3), except that for a registered loopback
/// <c>http</c> URI any port matches (RFC 8252 §7.3: native apps bind an ephemeral port).
/// </summary>
internal static class RedirectUriMatcher
{
    public static bool IsRegistered(IEnumerable<string> registered, string requested)
    {
        foreach (var candidate in registered)
        {
            if (string.Equals(candidate, requested, StringComparison.Ordinal) || LoopbackMatches(candidate, requested))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LoopbackMatches(string registered, string requested)
    {
        if (!Uri.TryCreate(registered, UriKind.Absolute, out var r) || !Uri.TryCreate(requested, UriKind.Absolute, out var q))
        {
            return false;
        }

        return r.Scheme == Uri.UriSchemeHttp && q.Scheme == Uri.UriSchemeHttp
               && IPAddress.TryParse(r.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)
               && string.Equals(r.Host, q.Host, StringComparison.Ordinal)
               && string.IsNullOrEmpty(q.UserInfo) && string.IsNullOrEmpty(q.Fragment)
               && string.Equals(r.PathAndQuery, q.PathAndQuery, StringComparison.Ordinal);
    }
}
