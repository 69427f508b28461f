namespace CertAuth.Federation.Server.Errors;

/// <summary>Plain-language title and advice per error code (English; themed, localized texts replace these later).</summary>
public static class SignInErrorTexts
{
    public static (string Title, string Advice) For(SignInErrorCode code) => code switch
    {
        SignInErrorCode.NoCertificate => ("No certificate was presented",
            "Your browser did not send a user certificate. Install your organisation's user certificate on this device, then try again and choose it when the browser asks."),
        SignInErrorCode.CertificateNotTrusted => ("This certificate is not accepted here",
            "The certificate you chose was not issued by a certificate authority this organisation trusts. Choose your organisation's user certificate, or ask the help desk for one."),
        SignInErrorCode.CertificateExpired => ("Your certificate has expired",
            "The certificate you chose is past its expiry date. Ask the help desk for a new user certificate, install it, and try again."),
        SignInErrorCode.CertificateNotYetValid => ("Your certificate is not valid yet",
            "The certificate you chose becomes valid later. Check this device's date and time, or wait until the certificate's start date."),
        SignInErrorCode.CertificateRevoked => ("Your certificate has been revoked",
            "The certificate authority has withdrawn this certificate. Ask the help desk for a new user certificate."),
        SignInErrorCode.CertificateNotForClientAuthentication => ("This certificate cannot be used to sign in",
            "The certificate you chose is not meant for signing in (it lacks client authentication). Choose your user certificate instead."),
        SignInErrorCode.RevocationStatusUnknown => ("We could not check your certificate right now",
            "The list of revoked certificates could not be obtained, so sign-in is refused for safety. Try again in a few minutes; if it persists, contact the help desk."),
        SignInErrorCode.CertificatePolicyViolation => ("This certificate does not meet the security requirements",
            "The certificate uses a weak key or algorithm, or is not a user certificate. Ask the help desk for a current user certificate."),
        SignInErrorCode.UserNotFound => ("We could not find your account",
            "The certificate is valid, but its user name or e-mail address matches no account here. Contact the help desk with the code below."),
        SignInErrorCode.UserDisabled => ("Your account is disabled",
            "Your account exists but is disabled. Contact the help desk."),
        SignInErrorCode.RelyingPartyUnknown => ("The application is not known",
            "The application that sent you here is not registered with this sign-in service. Go back to the application, or contact its administrator."),
        SignInErrorCode.RequestInvalid => ("The sign-in request is not valid",
            "The application sent a request this service cannot accept. Go back to the application and start again."),
        SignInErrorCode.RequestSignatureInvalid => ("The sign-in request could not be verified",
            "The application's request was not signed as required. Go back to the application and start again; if it persists, contact its administrator."),
        SignInErrorCode.SignInContextInvalid => ("This sign-in has expired",
            "Too much time passed, or the link was changed. Go back to the application and sign in again."),
        SignInErrorCode.AssertionConsumerServiceNotAllowed => ("The application's return address is not registered",
            "The application asked to receive your sign-in at an address that is not registered for it. Contact the application's administrator."),
        _ => ("Something went wrong",
            "An unexpected error occurred. Try again; if it persists, contact the help desk with the code below."),
    };
}
