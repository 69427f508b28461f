using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// What a browser-facing step decided: redirect somewhere (optionally setting or clearing the browser-binding cookie),
/// or show a plain error page (when there is no validated redirect_uri to send the error to).
/// </summary>
internal sealed record FlowOutcome
{
    public string? RedirectUrl { get; init; }

    public TokenError? PageError { get; init; }

    /// <summary>Value for the browser-binding cookie to set (authorize), if any.</summary>
    public string? SetBindingCookie { get; init; }

    /// <summary>Whether to delete the browser-binding cookie (ACS).</summary>
    public bool ClearBindingCookie { get; init; }

    public static FlowOutcome Page(TokenError error) => new() { PageError = error };

    public static FlowOutcome Redirect(string url) => new() { RedirectUrl = url };

    /// <summary>An RFC 6749 §4.1.2.1 error redirect to an already validated redirect_uri.</summary>
    public static FlowOutcome RedirectError(string redirectUri, TokenError error, string? state, string issuer) =>
        Redirect(AppendQuery(redirectUri, [("error", error.OAuthError), ("error_description", error.Description), ("state", state), ("iss", issuer)]));

    public static string AppendQuery(string uri, IEnumerable<(string Name, string? Value)> parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
        return uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }
}
