using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Errors;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// What the browser gets next in a sign-in: a redirect (to the certificate listener), an auto-POST form (a token or a
/// SAML error Response for a known relying party), or an error page.
/// </summary>
public sealed record SignInStep
{
    public string? RedirectTo { get; private init; }

    public AutoPostModel? Post { get; private init; }

    public SignInError? Error { get; private init; }

    /// <summary>The theme of the relying party the form posts to (null: the active theme).</summary>
    public string? Theme { get; private init; }

    /// <summary>
    /// The user of a token this step posts (set with <see cref="SessionParty"/>): the federation sign-in session
    /// records the party (src/CertAuth.Federation.Server/Sessions).
    /// </summary>
    public string? SessionUser { get; private init; }

    /// <summary>The relying party a token is posted to, as the sign-in session records it.</summary>
    public Sessions.FederationSessionParty? SessionParty { get; private init; }

    /// <summary>This step, noting that it posts a token to <paramref name="party"/> for <paramref name="user"/>.</summary>
    public SignInStep WithSession(string user, Sessions.FederationSessionParty party) => this with { SessionUser = user, SessionParty = party };

    public static SignInStep Redirect(string url) => new() { RedirectTo = url };

    public static SignInStep PostForm(AutoPostModel form, string? theme = null) => new() { Post = form, Theme = theme };

    public static SignInStep Fail(SignInErrorCode code, string? detail = null) => new() { Error = new SignInError(code, detail) };

    public static SignInStep Fail(SignInError error) => new() { Error = error };
}
