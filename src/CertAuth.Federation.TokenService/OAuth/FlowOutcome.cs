using CertAuth.Federation.TokenService.Errors;

namespace CertAuth.Federation.TokenService.OAuth;

/// <summary>
/// What a browser-facing step (authorize, ACS) decided (issue 12 item 7: one typed outcome, exactly one case, like the
/// federation server's <c>SignInStep</c>): a redirect (optionally setting or clearing the browser-binding cookie), or a
/// refusal shown as a plain error page with its stable code (when there is no validated redirect_uri to send it to).
/// Read it with a <c>switch</c> over <see cref="Redirected"/> and <see cref="Refused"/>.
/// </summary>
internal abstract record FlowOutcome
{
    private FlowOutcome()
    {
    }

    /// <summary>Whether to delete the browser-binding cookie (the ACS does, whatever its outcome).</summary>
    public bool ClearBindingCookie { get; init; }

    /// <summary>
    /// The hash of the authorization code this step issued to this browser (the ACS after a federated sign-in): added
    /// to the sealed browser-session cookie so that a sign-out can end it (<see cref="BrowserSessionCleanup"/>).
    /// </summary>
    public string? IssuedCodeHash { get; init; }

    /// <summary>An error page for <paramref name="error"/>.</summary>
    public static FlowOutcome Page(TokenError error, bool clearBindingCookie = false) => new Refused(error) { ClearBindingCookie = clearBindingCookie };

    /// <summary>A redirect to <paramref name="url"/>, setting the browser-binding cookie to <paramref name="setBindingCookie"/> when given.</summary>
    public static FlowOutcome Redirect(string url, string? setBindingCookie = null, bool clearBindingCookie = false) =>
        new Redirected(url, setBindingCookie) { ClearBindingCookie = clearBindingCookie };

    /// <summary>An RFC 6749 §4.1.2.1 error redirect to an already validated redirect_uri.</summary>
    public static FlowOutcome RedirectError(string redirectUri, TokenError error, string? state, string issuer) =>
        Redirect(AppendQuery(redirectUri, [("error", error.OAuthError), ("error_description", error.Description), ("state", state), ("iss", issuer)]));

    /// <summary><paramref name="uri"/> with the non-null <paramref name="parameters"/> appended to its query.</summary>
    public static string AppendQuery(string uri, IEnumerable<(string Name, string? Value)> parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
        return uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>The browser is redirected to <paramref name="Url"/>; <paramref name="SetBindingCookie"/>, when given, is the binding cookie's new value.</summary>
    public sealed record Redirected(string Url, string? SetBindingCookie) : FlowOutcome;

    /// <summary>The step is refused with <paramref name="Error"/> (the error page with its stable code).</summary>
    public sealed record Refused(TokenError Error) : FlowOutcome;
}
