using CertAuth.Federation.Server.Errors;
using CertAuth.Federation.Storage.Entities;

namespace CertAuth.Federation.Server.SignIn;

/// <summary>The outcome of checking a client certificate and finding its user: a user, or a typed error.</summary>
public sealed record CertificateSignInResult(UserRecord? User, SignInError? Error)
{
    public static CertificateSignInResult Success(UserRecord user) => new(user, null);

    public static CertificateSignInResult Fail(SignInErrorCode code, string? detail = null) => new(null, new SignInError(code, detail));
}
