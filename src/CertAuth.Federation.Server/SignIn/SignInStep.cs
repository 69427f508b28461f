using CertAuth.Federation.Server.Endpoints;
using CertAuth.Federation.Server.Errors;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// What the browser gets next in a sign-in (issue 12 item 7: one typed outcome, exactly one case): a redirect (to the
/// certificate listener), an auto-POST form (a token or a SAML error Response for a known relying party), or a refusal
/// with its stable code (an error page). Create it with <see cref="Redirect"/>, <see cref="PostForm"/> or
/// <see cref="Fail(SignInError)"/>; read it with a <c>switch</c> over the three cases.
/// </summary>
public abstract record SignInStep
{
    private SignInStep()
    {
    }

    /// <summary>A redirect to <paramref name="url"/>.</summary>
    public static SignInStep Redirect(string url) => new Redirected(url);

    /// <summary>An auto-POST form, in the theme of the relying party it posts to (null: the active theme).</summary>
    public static SignInStep PostForm(AutoPostModel form, string? theme = null) => new Posted(form, theme);

    /// <summary>A refusal with <paramref name="code"/>.</summary>
    public static SignInStep Fail(SignInErrorCode code, string? detail = null) => new Refused(new SignInError(code, detail));

    /// <summary>A refusal.</summary>
    public static SignInStep Fail(SignInError error) => new Refused(error);

    /// <summary>
    /// The user of a token this step posts (set with <see cref="WithSession"/>): the federation sign-in session records
    /// the party (src/CertAuth.Federation.Server/Sessions).
    /// </summary>
    public string? SessionUser { get; private init; }

    /// <summary>The relying party a token is posted to, as the sign-in session records it.</summary>
    public Sessions.FederationSessionParty? SessionParty { get; private init; }

    /// <summary>This step, noting that it posts a token to <paramref name="party"/> for <paramref name="user"/>.</summary>
    public SignInStep WithSession(string user, Sessions.FederationSessionParty party) => this with { SessionUser = user, SessionParty = party };

    /// <summary>
    /// The end of a logout: with nothing to clean up it is a redirect to <paramref name="reply"/> or <paramref name="next"/>
    /// itself; otherwise the signed-out page, which cleans up the WS-Federation parties and then continues.
    /// </summary>
    public static SignInStep SignedOut(IReadOnlyList<string> cleanup, string? reply, SignInStep? next = null) =>
        cleanup.Count == 0 && next is not null ? next
        : cleanup.Count == 0 && reply is not null ? Redirect(reply)
        : new SignedOutPage(cleanup, reply, next);

    /// <summary>The browser is redirected to <paramref name="Url"/>.</summary>
    public sealed record Redirected(string Url) : SignInStep;

    /// <summary>The browser posts <paramref name="Form"/>; the page uses <paramref name="Theme"/> (null: the active theme).</summary>
    public sealed record Posted(AutoPostModel Form, string? Theme) : SignInStep;

    /// <summary>The sign-in is refused with <paramref name="Error"/> (an error page with its stable code).</summary>
    public sealed record Refused(SignInError Error) : SignInStep;

    /// <summary>
    /// The signed-out page (single logout): the WS-Federation endpoints to clean up (<c>wsignoutcleanup1.0</c> images),
    /// where it continues to (a checked <c>wreply</c>), and the step it continues with (the initiator's LogoutResponse).
    /// </summary>
    public sealed record SignedOutPage(IReadOnlyList<string> Cleanup, string? Reply, SignInStep? Next) : SignInStep;
}
