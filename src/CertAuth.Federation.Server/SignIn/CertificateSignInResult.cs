using CertAuth.Federation.Server.Domain;
using CertAuth.Federation.Server.Errors;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>
/// The outcome of checking a client certificate and finding its user (issue 12 item 7: exactly one case): the user who
/// signs in, or the typed error the sign-in is refused with.
/// </summary>
public abstract record CertificateSignInResult
{
    private CertificateSignInResult()
    {
    }

    /// <summary>The certificate passed and maps to this enabled user.</summary>
    public static CertificateSignInResult Success(DirectoryUser user) => new SignedIn(user);

    /// <summary>A refusal with <paramref name="code"/>.</summary>
    public static CertificateSignInResult Fail(SignInErrorCode code, string? detail = null) => new Refused(new SignInError(code, detail));

    /// <summary>A refusal.</summary>
    public static CertificateSignInResult Fail(SignInError error) => new Refused(error);

    /// <summary>The certificate passed and maps to <paramref name="User"/>.</summary>
    public sealed record SignedIn(DirectoryUser User) : CertificateSignInResult;

    /// <summary>The certificate or its user is refused with <paramref name="Error"/>.</summary>
    public sealed record Refused(SignInError Error) : CertificateSignInResult;
}
