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

    /// <summary>The browser is redirected to <paramref name="Url"/>.</summary>
    public sealed record Redirected(string Url) : SignInStep;

    /// <summary>The browser posts <paramref name="Form"/>; the page uses <paramref name="Theme"/> (null: the active theme).</summary>
    public sealed record Posted(AutoPostModel Form, string? Theme) : SignInStep;

    /// <summary>The sign-in is refused with <paramref name="Error"/> (an error page with its stable code).</summary>
    public sealed record Refused(SignInError Error) : SignInStep;
}
