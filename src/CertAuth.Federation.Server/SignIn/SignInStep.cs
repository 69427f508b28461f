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

    /// <summary>
    /// The signed-out page (single logout): the WS-Federation endpoints to clean up (<c>wsignoutcleanup1.0</c> images);
    /// non-null marks this kind of step.
    /// </summary>
    public IReadOnlyList<string>? SignOutCleanup { get; private init; }

    /// <summary>Where the signed-out page continues to (a checked <c>wreply</c>), if anywhere.</summary>
    public string? SignOutReply { get; private init; }

    /// <summary>The step the signed-out page continues with (the initiator's LogoutResponse), if any.</summary>
    public SignInStep? SignOutNext { get; private init; }

    /// <summary>
    /// The end of a logout: with nothing to clean up it is a redirect to <paramref name="reply"/> or <paramref name="next"/>
    /// itself; otherwise the signed-out page, which cleans up the WS-Federation parties and then continues.
    /// </summary>
    public static SignInStep SignedOut(IReadOnlyList<string> cleanup, string? reply, SignInStep? next = null) =>
        cleanup.Count == 0 && next is not null ? next
        : cleanup.Count == 0 && reply is not null ? Redirect(reply)
        : new() { SignOutCleanup = cleanup, SignOutReply = reply, SignOutNext = next };

    public static SignInStep Redirect(string url) => new() { RedirectTo = url };

    public static SignInStep PostForm(AutoPostModel form, string? theme = null) => new() { Post = form, Theme = theme };

    public static SignInStep Fail(SignInErrorCode code, string? detail = null) => new() { Error = new SignInError(code, detail) };

    public static SignInStep Fail(SignInError error) => new() { Error = error };
}
