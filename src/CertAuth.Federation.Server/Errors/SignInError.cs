namespace CertAuth.Federation.Server.Errors;

/// <summary>A typed sign-in failure with a safe, non-secret detail for admins (shown only when enabled).</summary>
public sealed record SignInError(SignInErrorCode Code, string? Detail = null)
{
    /// <summary>
    /// The relying party's entity id when the pipeline knows it; the error page then uses that party's theme.
    /// Optional: without it the page uses the active theme.
    /// </summary>
    public string? RelyingParty { get; init; }

    /// <summary>The stable code shown to people and written to logs, e.g. <c>CAF1005</c>.</summary>
    public string DisplayCode => FormatCode(Code);

    /// <summary>HTTP status of the error page: 403 for certificate and user refusals, 400 for bad requests.</summary>
    public int HttpStatus => Code switch
    {
        SignInErrorCode.RelyingPartyUnknown or SignInErrorCode.RequestInvalid or SignInErrorCode.RequestSignatureInvalid
            or SignInErrorCode.SignInContextInvalid or SignInErrorCode.AssertionConsumerServiceNotAllowed
            or SignInErrorCode.LogoutIssuerUnknown or SignInErrorCode.LogoutSignatureInvalid or SignInErrorCode.LogoutRequestStale
            or SignInErrorCode.LogoutRequestInvalid => 400,
        SignInErrorCode.ServerBusy => 429,
        SignInErrorCode.StoreUnavailable => 503,
        SignInErrorCode.ServerError => 500,
        _ => 403,
    };

    /// <summary>Formats a code as people see it.</summary>
    public static string FormatCode(SignInErrorCode code) => "CAF" + ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
