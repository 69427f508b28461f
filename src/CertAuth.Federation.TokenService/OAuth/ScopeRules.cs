namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>Scope parsing and the per-client allow-list.</summary>
internal static class ScopeRules
{
    public const string OpenId = "openid";

    public static readonly IReadOnlyList<string> DefaultAllowed = ["openid", "profile", "email", "offline_access"];

    /// <summary>Splits a scope parameter; null or empty yields <c>openid</c>. False for malformed tokens.</summary>
    public static bool TryParse(string? value, out IReadOnlyList<string> scopes)
    {
        var parts = string.IsNullOrWhiteSpace(value) ? [OpenId] : value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        scopes = parts.Distinct(StringComparer.Ordinal).ToList();
        return parts.Length <= 32 && parts.All(p => p.Length <= 128 && p.All(c => c > 0x20 && c < 0x7F && c is not '"' and not '\\'));
    }

    public static bool AreAllowed(IReadOnlyList<string> requested, IReadOnlyCollection<string> clientAllowed)
    {
        var allowed = clientAllowed.Count == 0 ? DefaultAllowed : clientAllowed;
        return requested.All(s => allowed.Contains(s, StringComparer.Ordinal));
    }

    public static string Join(IEnumerable<string> scopes) => string.Join(' ', scopes);

    public static IReadOnlyList<string> Split(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
