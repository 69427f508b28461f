using CertAuth.Federation.TokenService.Errors;
using CertAuth.Federation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertAuth.Federation.TokenService.Endpoints;

/// <summary>
/// The themed page a person sees when the token service refuses a browser request before it can redirect back to the
/// client (unknown client, unregistered redirect_uri, a refused SAML response at the ACS): what happened and what to do
/// in the person's language, the <c>CAT</c> code, correlation id and time. Texts are <c>CAT{number}.title|happened|todo</c>
/// in the theme's locale files, with <c>CAT.generic.*</c> for a code a theme has no text for.
/// </summary>
internal static class ErrorPage
{
    /// <summary>Where the token service serves the page assets: <c>/portal/site.css</c>, <c>/portal/themes/{name}/{path}</c>.</summary>
    public const string AssetsBasePath = "/portal/";

    /// <summary>The text key prefix used when no text exists for the code.</summary>
    public const string FallbackTextKey = "CAT.generic";

    public static IResult Render(HttpContext context, TokenError error)
    {
        var showDetail = context.RequestServices.GetRequiredService<IOptions<TokenServiceOptions>>().Value.ShowErrorDetails;
        var timeProvider = context.RequestServices.GetRequiredService<TimeProvider>();
        var correlationId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

        // The refusal itself is logged where it is decided (with its reason); this line ties it to what the person reports.
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorPage).FullName!).ErrorPageShown(error.DisplayCode, correlationId);
        return ErrorPageView.For(new ErrorPageRequest
        {
            Code = error.DisplayCode,
            FallbackTextKey = FallbackTextKey,
            HttpStatus = StatusFor(error.Code),
            IsCertificateProblem = IsCertificateProblem(error.Code),
            Detail = showDetail ? error.Detail : null,
            CorrelationId = correlationId,
            Timestamp = timeProvider.GetUtcNow(),
        });
    }

    /// <summary>400 for a malformed or unacceptable request, 403 for a refused user, 429 when throttled, 503 without the database.</summary>
    internal static int StatusFor(TokenErrorCode code) => code switch
    {
        TokenErrorCode.UserDisabled or TokenErrorCode.CertificateRevoked => StatusCodes.Status403Forbidden,
        TokenErrorCode.Throttled => StatusCodes.Status429TooManyRequests,
        TokenErrorCode.StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        TokenErrorCode.SignedOut => StatusCodes.Status200OK,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Codes about the sign-in certificate: the page opens its certificate section and browser guidance.</summary>
    internal static bool IsCertificateProblem(TokenErrorCode code) => code is TokenErrorCode.CertificateRevoked
        or TokenErrorCode.CertificateAuthorityNotConfigured or TokenErrorCode.CrlDownloadFailed or TokenErrorCode.CrlUnparsable
        or TokenErrorCode.CrlUnavailable or TokenErrorCode.CrlTimeout or TokenErrorCode.CrlSignatureInvalid;
}
